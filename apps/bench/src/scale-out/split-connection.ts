import { once } from "node:events";
import type { ChatEvent } from "@parley/api";
import WebSocket from "ws";
import { wallNow } from "../streaming/clock.js";
import { deferred } from "../streaming/deferred.js";
import type { Account } from "../streaming/server-api.js";
import { createStreamTracker, type StreamConnection } from "../streaming/stream-tracker.js";

/** The parts of tRPC's WebSocket protocol (v11) a subscriber of chat.stream sees. */
interface TrpcMessage {
  id?: number | string | null;
  result?: { type: "started" | "stopped" | "data"; data?: unknown };
  error?: { message: string };
}

type Tracker = ReturnType<typeof createStreamTracker>;

/** Where a connection watches its conversation, and where it sends (the same for one instance). */
export interface Instances {
  viewer: string;
  sender: string;
}

/** Called with each delta's text as it arrives (the paced benchmark reads its tokens). */
export type OnText = (text: string) => void;

function onEvent(tracker: Tracker, event: ChatEvent, onText?: OnText) {
  if (event.type === "delta") {
    tracker.token(event.text.length);
    onText?.(event.text);
  }
  if (event.type === "done") tracker.end(event.status === "complete" ? null : `reply ${event.status}: ${event.error ?? ""}`);
}

/** Resolves once the subscription has started; then feeds its events to the tracker. */
function follow(socket: WebSocket, tracker: Tracker, onText?: OnText): Promise<void> {
  const subscribed = deferred<void>();
  socket.on("message", (data) => {
    const text = String(data);
    if (text === "PING") return socket.send("PONG");
    const message = JSON.parse(text) as TrpcMessage;
    if (message.error) {
      subscribed.reject(new Error(message.error.message));
      return tracker.end(`tRPC error: ${message.error.message}`);
    }
    if (!message.result) return;
    if (message.result.type === "started") return subscribed.resolve();
    if (message.result.type === "stopped") return tracker.end("the subscription stopped");
    onEvent(tracker, (message.result.data as { data: ChatEvent }).data, onText);
  });
  socket.on("close", () => tracker.end("the socket closed"));
  return subscribed.promise;
}

/** chat.send over HTTP, as the web app sends; rejects with the server's message on failure. */
async function send(url: string, account: Account, key: string): Promise<void> {
  const response = await fetch(`${url}/trpc/chat.send`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${account.token}` },
    body: JSON.stringify({ target: { sessionId: account.sessionId }, content: key }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`chat.send answered ${response.status}: ${body.slice(0, 200)}`);
}

/**
 * A viewer of one conversation on instance `viewer` (a raw WebSocket speaking tRPC's protocol,
 * light enough for thousands in one process, as streaming/parley-connection.ts) whose sends go
 * to instance `sender`: over Redis, the reply is generated on the sender and every token
 * crosses the bus to reach the viewer. With one instance both are the same.
 */
export async function openSplitConnection(instances: Instances, account: Account, onText?: OnText): Promise<StreamConnection> {
  const socket = new WebSocket(`${instances.viewer.replace("http", "ws")}/trpc?connectionParams=1`);
  await once(socket, "open");
  const tracker = createStreamTracker();
  const subscribed = follow(socket, tracker, onText);
  socket.send(JSON.stringify({ method: "connectionParams", data: { token: account.token } }));
  const subscription = { path: "chat.stream", input: { sessionId: account.sessionId } };
  socket.send(JSON.stringify({ id: 1, method: "subscription", params: subscription }));
  await subscribed;
  return {
    start(key) {
      const record = tracker.begin(key);
      const accepted = send(instances.sender, account, key).then(
        () => void (record.acceptedAt = wallNow()),
        (error: unknown) => tracker.end(error instanceof Error ? error.message : String(error)),
      );
      return { record, accepted };
    },
    async close() {
      socket.close();
      if (socket.readyState !== WebSocket.CLOSED) await once(socket, "close");
    },
  };
}
