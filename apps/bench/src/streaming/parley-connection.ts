import { once } from "node:events";
import type { ChatEvent } from "@parley/api";
import WebSocket from "ws";
import { wallNow } from "./clock.js";
import type { Account } from "./server-api.js";
import { deferred } from "./deferred.js";
import { createStreamTracker, type StreamConnection } from "./stream-tracker.js";

/** The parts of tRPC's WebSocket protocol (v11) a client of chat.stream and chat.send sees. */
interface TrpcMessage {
  id?: number | string | null;
  result?: { type: "started" | "stopped" | "data"; data?: unknown };
  error?: { message: string };
}

const SUBSCRIPTION_ID = 1;

type Tracker = ReturnType<typeof createStreamTracker>;

function onEvent(tracker: Tracker, event: ChatEvent) {
  if (event.type === "delta") tracker.token(event.text.length);
  if (event.type === "done") tracker.end(event.status === "complete" ? null : `reply ${event.status}: ${event.error ?? ""}`);
}

/** Routes what the server sends: answers to chat.send, the subscription's events, errors. */
function listen(socket: WebSocket, tracker: Tracker, sends: Map<number | string, () => void>) {
  const subscribed = deferred<void>();
  socket.on("message", (data) => {
    const text = String(data);
    if (text === "PING") return socket.send("PONG");
    const message = JSON.parse(text) as TrpcMessage;
    if (message.id !== undefined && message.id !== null && message.id !== SUBSCRIPTION_ID) {
      sends.get(message.id)?.();
      sends.delete(message.id);
    }
    if (message.error) {
      subscribed.reject(new Error(message.error.message));
      return tracker.end(`tRPC error: ${message.error.message}`);
    }
    if (message.id !== SUBSCRIPTION_ID || !message.result) return;
    if (message.result.type === "started") return subscribed.resolve();
    if (message.result.type === "stopped") return tracker.end("the subscription stopped");
    onEvent(tracker, (message.result.data as { data: ChatEvent }).data);
  });
  socket.on("close", () => {
    for (const answered of sends.values()) answered();
    tracker.end("the socket closed");
  });
  return subscribed.promise;
}

/**
 * A raw WebSocket speaking tRPC's protocol, as wsLink does, minus the client-side machinery: the
 * clients share the benchmark's process with thousands of others, so they must stay light.
 * Authenticates with connectionParams, subscribes to its conversation's chat.stream, and sends
 * with chat.send over the same socket.
 */
export async function openParleyConnection(url: string, account: Account): Promise<StreamConnection> {
  const socket = new WebSocket(`${url.replace("http", "ws")}/trpc?connectionParams=1`);
  await once(socket, "open");
  const tracker = createStreamTracker();
  const sends = new Map<number | string, () => void>();
  const subscribed = listen(socket, tracker, sends);
  socket.send(JSON.stringify({ method: "connectionParams", data: { token: account.token } }));
  const subscription = { path: "chat.stream", input: { sessionId: account.sessionId } };
  socket.send(JSON.stringify({ id: SUBSCRIPTION_ID, method: "subscription", params: subscription }));
  await subscribed;
  let nextId = SUBSCRIPTION_ID + 1;
  return {
    start(key) {
      const record = tracker.begin(key);
      const id = nextId++;
      const accepted = new Promise<void>((resolve) =>
        sends.set(id, () => {
          record.acceptedAt = wallNow();
          resolve();
        }),
      );
      const input = { target: { sessionId: account.sessionId }, content: key };
      socket.send(JSON.stringify({ id, method: "mutation", params: { path: "chat.send", input } }));
      return { record, accepted };
    },
    async close() {
      socket.close();
      if (socket.readyState !== WebSocket.CLOSED) await once(socket, "close");
    },
  };
}
