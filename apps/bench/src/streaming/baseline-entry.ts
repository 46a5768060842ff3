// The baseline: the same relay without anything of Parley's. Each token is read from the same
// scripted upstream with the same `openai` SDK call Parley's provider makes, and sent on at once
// as one WebSocket message of its own. No database, no bus, no framing beyond the token itself.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { WebSocketServer, type WebSocket } from "ws";
import type { BareControl, BareRequest } from "./bare-protocol.js";
import { createFirstChunkLog } from "./first-chunks.js";
import { emit, serve } from "./ipc.js";
import { captureLoggedErrors, settledMemory, type ServerApi } from "./server-api.js";

const [upstreamUrl] = process.argv.slice(2);
const loggedErrors = captureLoggedErrors();
// The options createOpenAIProvider gives the SDK by default.
const openai = new OpenAI({ apiKey: "bench-key", baseURL: upstreamUrl, maxRetries: 2, timeout: 60_000 });
const server = createServer();
// The same WebSocket options as Parley's (apps/server/src/api-host.ts).
const wss = new WebSocketServer({ server, maxPayload: 256 * 1024 });
const subscriptions = new Map<string, WebSocket>();
const firstChunks = createFirstChunkLog();

function control(socket: WebSocket, message: BareControl) {
  socket.send(Buffer.from(JSON.stringify(message)), { binary: true });
}

async function relay(socket: WebSocket, key: string) {
  try {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: key }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let tokens = 0;
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content;
      if (!text) continue;
      if (tokens === 0) firstChunks.record(key);
      socket.send(text);
      tokens++;
    }
    control(socket, { type: "done", tokens });
  } catch (error) {
    control(socket, { type: "error", message: error instanceof Error ? error.message : String(error) });
  }
}

wss.on("connection", (socket) => {
  let conversation: string | null = null;
  socket.on("message", (data) => {
    const request = JSON.parse(String(data)) as BareRequest;
    if (request.type === "start") return void relay(socket, request.key);
    conversation = request.conversation;
    subscriptions.set(conversation, socket);
    control(socket, { type: "subscribed" });
  });
  socket.on("close", () => {
    if (conversation !== null) subscriptions.delete(conversation);
  });
});

server.listen(0, "127.0.0.1", () => {
  const api: ServerApi = {
    loggedErrors,
    cpu: () => process.cpuUsage(),
    memory: settledMemory,
    subscribers: () => subscriptions.size,
    firstChunks: (tag) => firstChunks.take(tag),
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  serve(api);
  emit("ready", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
