import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { appRouter, createContext, defaultTransportLimits, type ApiServices, type TransportLimits } from "@parley/api";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { WebSocketServer } from "ws";
import { hostSockets } from "./socket/socket-host.js";
import { refuseOversizedRequest, retryAfterHeader } from "./http/request-limits.js";

export const API_PATH = "/trpc";

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : null;
}

// Only unexpected failures are logged as errors; a wrong password or a missing id is not one.
function logUnexpected({ error, path }: { error: { code: string; cause?: unknown }; path?: string | undefined }): void {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
}

/** The API over HTTP (queries, mutations) and WebSocket (subscriptions), one context function. */
export function hostApi(server: Server, services: ApiServices, limits: TransportLimits = defaultTransportLimits) {
  const handleTrpc = createHTTPHandler({
    router: appRouter,
    basePath: `${API_PATH}/`,
    createContext: ({ req }) => createContext(services, bearerToken(req), req.socket.remoteAddress ?? null),
    onError: logUnexpected,
    maxBodySize: limits.maxBodyBytes,
    maxBatchSize: limits.maxCallsPerBatch,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
  });
  const handleHttp = (request: IncomingMessage, response: ServerResponse) => {
    if (!refuseOversizedRequest(request, response, limits)) return handleTrpc(request, response);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const sockets = hostSockets({
    wss,
    router: appRouter,
    createContext: (token, clientAddress) => createContext(services, token, clientAddress),
    onError: logUnexpected,
    keepAlive: { pingMs: 30_000, pongWaitMs: 10_000 },
    limits,
    ownerOf: (context) => (context.auth.status === "signed-in" ? context.auth.actor.id : null),
  });
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://local").pathname !== API_PATH) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (client) => wss.emit("connection", client, request));
  });

  return {
    handleHttp,
    /** Asks every WebSocket client to reconnect: they resume with lastEventId wherever they land. */
    announceReconnect: () => sockets.broadcastReconnect(),
    closeSockets() {
      sockets.close();
      wss.close();
    },
  };
}
