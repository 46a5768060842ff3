import WebSocket from "ws";

export interface RawEvent {
  id: string;
  data: { type: string; messageId?: number; text?: string };
}

/**
 * One subscription to chat.stream over a bare WebSocket speaking tRPC's protocol, so a test
 * can cut the connection brutally (terminate, no close handshake) whenever it likes.
 */
export function openRawSubscription(url: string, token: string, input: { sessionId: number; lastEventId?: string }) {
  const socket = new WebSocket(`${url.replace("http", "ws")}/trpc?connectionParams=1`);
  const events: RawEvent[] = [];
  let notify: (() => void) | null = null;
  // Terminating is the point of these sockets; their errors are expected.
  socket.on("error", () => undefined);
  const opened = new Promise<void>((resolve) => socket.once("open", () => resolve()));
  socket.on("open", () => {
    socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
    socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "chat.stream", input } }));
  });
  socket.on("message", (raw) => {
    // A tracked event arrives as { result: { type: "data", id, data: { id, data: event } } }.
    const message = JSON.parse(raw.toString()) as { result?: { type: string; data?: Partial<RawEvent> } };
    const tracked = message.result?.type === "data" ? message.result.data : undefined;
    if (tracked?.id && tracked.data) {
      events.push({ id: tracked.id, data: tracked.data });
      notify?.();
    }
  });
  return {
    events,
    opened,
    /** Resolves when at least `count` events arrived, or after `timeoutMs`. */
    waitFor(count: number, timeoutMs: number) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        notify = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        };
        notify();
      });
    },
    terminate: () => socket.terminate(),
  };
}
