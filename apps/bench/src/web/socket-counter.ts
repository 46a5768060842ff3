import type { Page, WebSocket } from "playwright-core";

interface Frame {
  id?: unknown;
  method?: unknown;
  params?: { path?: unknown };
  result?: { type?: unknown };
  error?: unknown;
}

/** tRPC's WebSocket messages, one or a batch per frame; anything else (pings) is none. */
function framesOf(payload: string | Buffer): Frame[] {
  try {
    const parsed: unknown = JSON.parse(String(payload));
    const all: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    return all.filter((frame): frame is Frame => typeof frame === "object" && frame !== null);
  } catch {
    return [];
  }
}

/**
 * What a page holds open on the server, read from the wire: WebSockets opened minus closed, and
 * conversation streams (`chat.stream` subscriptions; the shell's one `sync.events` is left out)
 * started and not yet ended, by the page (`subscription.stop`) or by the server (a `stopped`
 * result or an error), on a socket still open.
 */
export function countSockets(page: Page) {
  let opened = 0;
  let started = 0;
  const liveIds = new Map<WebSocket, Set<unknown>>();
  page.on("websocket", (socket) => {
    opened++;
    const ids = new Set<unknown>();
    liveIds.set(socket, ids);
    socket.on("close", () => liveIds.delete(socket));
    socket.on("framesent", ({ payload }) => {
      for (const frame of framesOf(payload)) {
        if (frame.method === "subscription" && frame.params?.path === "chat.stream") {
          started++;
          ids.add(frame.id);
        }
        if (frame.method === "subscription.stop") ids.delete(frame.id);
      }
    });
    socket.on("framereceived", ({ payload }) => {
      for (const frame of framesOf(payload)) {
        if (frame.result?.type === "stopped" || frame.error !== undefined) ids.delete(frame.id);
      }
    });
  });
  return {
    opened: () => opened,
    /** Subscriptions started over the page's life (each switch starts one). */
    started: () => started,
    open: () => liveIds.size,
    liveSubscriptions: () => [...liveIds.values()].reduce((sum, ids) => sum + ids.size, 0),
  };
}

export type SocketCounter = ReturnType<typeof countSockets>;
