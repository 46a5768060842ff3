import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { handleRequest } from "./handle-request.js";
import type { RecordedRequest, Responder } from "./recorded-request.js";
import type { Reply } from "./reply.js";
import { createState, type ScriptedOpenAIOptions, type ServerState } from "./server-state.js";

export interface ScriptedOpenAI {
  /** Base URL for the SDK, e.g. "http://127.0.0.1:41234/v1". */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Queues replies for the next chat requests, consumed in order before the responder is asked. */
  enqueue(...replies: Reply[]): void;
  setResponder(respond: Responder | undefined): void;
  /** Resolves with `requests[index]` once it has arrived. */
  waitForRequest(index: number): Promise<RecordedRequest>;
  /** Forgets recorded requests and queued replies; keeps the responder. */
  reset(): void;
  /** Stops listening and destroys every socket, hung ones included. */
  close(): Promise<void>;
}

async function waitForRequest(state: ServerState, index: number): Promise<RecordedRequest> {
  for (;;) {
    const request = state.requests[index];
    if (request) return request;
    await once(state.events, "request");
  }
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return sockets;
}

async function shutDown(server: Server, state: ServerState, sockets: Set<Socket>): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const controller of state.inFlight) controller.abort();
  for (const socket of sockets) socket.destroy();
  await closed;
}

export async function startScriptedOpenAI(options: ScriptedOpenAIOptions = {}): Promise<ScriptedOpenAI> {
  const state = createState(options);
  // noDelay: each chunk leaves at once instead of waiting to be batched with the next one.
  const server = createServer({ noDelay: true }, (req, res) => void handleRequest(req, res, state));
  const sockets = trackSockets(server);
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("scripted-openai: not listening on TCP");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    requests: state.requests,
    enqueue: (...replies) => void state.queue.push(...replies),
    setResponder: (respond) => void (state.respond = respond),
    waitForRequest: (index) => waitForRequest(state, index),
    reset() {
      state.requests.length = 0;
      state.queue.length = 0;
    },
    close: () => shutDown(server, state, sockets),
  };
}
