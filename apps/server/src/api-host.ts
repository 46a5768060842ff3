import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { appRouter, createContext, defaultTransportLimits, type ApiServices, type Logger, type TransportLimits } from "@parley/api";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { WebSocketServer } from "ws";
import { newLogId } from "./logger.js";
import { hostSockets } from "./socket/socket-host.js";
import { refuseOversizedRequest, retryAfterHeader } from "./http/request-limits.js";

export const API_PATH = "/trpc";

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : null;
}

/** Each HTTP request's child logger (made by the server), for the API's error lines. */
export const requestLogs = new WeakMap<IncomingMessage, Logger>();

type ApiFailure = { error: { code: string; cause?: unknown }; path?: string | undefined };

// Only unexpected failures are logged as errors; a wrong password or a missing id is not one.
function logUnexpected(log: Logger, { error, path }: ApiFailure): void {
  if (error.code === "INTERNAL_SERVER_ERROR") log.error({ procedure: path ?? null, err: error.cause ?? error }, "procedure failed");
}

/** The API over HTTP (queries, mutations) and WebSocket (subscriptions), one context function. */
export function hostApi(server: Server, services: ApiServices, options: { logger: Logger; limits?: TransportLimits }) {
  const { logger, limits = defaultTransportLimits } = options;
  const handleTrpc = createHTTPHandler({
    router: appRouter,
    basePath: `${API_PATH}/`,
    createContext: ({ req }) => createContext(services, bearerToken(req), req.socket.remoteAddress ?? null),
    onError: (failure) => logUnexpected(requestLogs.get(failure.req) ?? logger, failure),
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
    onError: (failure) => logUnexpected(logger, failure),
    keepAlive: { pingMs: 30_000, pongWaitMs: 10_000 },
    limits,
    ownerOf: (context) => (context.auth.status === "signed-in" ? context.auth.actor.id : null),
  });
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://local").pathname !== API_PATH) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (client) => {
      const log = logger.child({ socketId: newLogId() });
      log.debug("socket opened");
      client.once("close", (code) => log.debug({ code }, "socket closed"));
      wss.emit("connection", client, request);
    });
  });

  return {
    handleHttp,
    socketStats: () => sockets.stats(),
    /** Asks every WebSocket client to reconnect: they resume with lastEventId wherever they land. */
    announceReconnect: () => sockets.broadcastReconnect(),
    closeSockets() {
      sockets.close();
      wss.close();
    },
  };
}
