import { once } from "node:events";
import WebSocket from "ws";
import type { BareControl, BareRequest } from "./bare-protocol.js";
import { deferred } from "./deferred.js";
import { createStreamTracker, type StreamConnection } from "./stream-tracker.js";

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, piece) => sum + piece.length, 0);
  return data.byteLength;
}

/** A client of the bare baseline: one text message per token, counted without decoding. */
export async function openBareConnection(url: string, conversation: string, onText?: (text: string) => void): Promise<StreamConnection> {
  const socket = new WebSocket(url.replace("http", "ws"));
  await once(socket, "open");
  const tracker = createStreamTracker();
  const subscribed = deferred<void>();
  socket.on("message", (data, isBinary) => {
    if (!isBinary) {
      onText?.(String(data));
      return tracker.token(byteLength(data));
    }
    const message = JSON.parse(String(data)) as BareControl;
    if (message.type === "subscribed") return subscribed.resolve();
    tracker.end(message.type === "error" ? message.message : null);
  });
  socket.on("close", () => tracker.end("the socket closed"));
  const request = (message: BareRequest) => socket.send(JSON.stringify(message));
  request({ type: "subscribe", conversation });
  await subscribed.promise;
  return {
    start(key) {
      const record = tracker.begin(key);
      request({ type: "start", key });
      record.acceptedAt = record.sentAt;
      return { record, accepted: Promise.resolve() };
    },
    async close() {
      socket.close();
      if (socket.readyState !== WebSocket.CLOSED) await once(socket, "close");
    },
  };
}
