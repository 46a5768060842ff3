import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, type ApiServices, type Logger } from "@parley/api";
import type { Database } from "@parley/db";
import { API_PATH, hostApi, requestLogs } from "./api-host.js";
import { BROWSER_AUTH_PATH, handleBrowserAuth } from "./http/browser-auth.js";
import { respondLive, respondReady } from "./http/health.js";
import { setSecurityHeaders } from "./http/security-headers.js";
import { sharePageStatus } from "./http/share-page-status.js";
import { serveWebApp } from "./http/static-files.js";
import { newLogId } from "./logger.js";

export interface ServerOptions {
  database: Database;
  services: ApiServices;
  webDist: string;
  /** Whether REDIS_URL is configured (readiness then checks Redis too). */
  redis?: boolean;
  /** Believe a reverse proxy's X-Forwarded-Proto/Host (PARLEY_TRUST_PROXY). Default: false. */
  trustProxy?: boolean;
  /** Default: silent (tests). */
  logger?: Logger;
}

/**
 * A child logger for one request, its id also sent back as `x-request-id`; one line when the
 * answer is sent. Only the path: a query string can carry a procedure's input.
 */
function requestLog(logger: Logger, request: IncomingMessage, response: ServerResponse): Logger {
  const requestId = newLogId();
  const log = logger.child({ requestId });
  response.setHeader("x-request-id", requestId);
  requestLogs.set(request, log);
  const started = performance.now();
  response.once("finish", () => {
    const path = (request.url ?? "/").split("?")[0];
    const ms = Math.round(performance.now() - started);
    log.debug({ method: request.method, path, status: response.statusCode, ms }, "request");
  });
  return log;
}

/** HTTP and WebSocket on one port: /health, the API at /trpc, and the web app. */
export function createParleyServer(options: ServerOptions) {
  const server = createServer();
  const logger = options.logger ?? silentLogger;
  const api = hostApi(server, options.services, { logger });
  const pageStatus = sharePageStatus(options.database.sql);

  async function route(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (path === "/health/live") return respondLive(response);
    if (path === "/health" || path === "/health/ready") {
      const { chat } = options.services;
      const parts = { database: options.database, coordination: chat.coordination, redis: Boolean(options.redis) };
      return respondReady(response, { ...parts, accepting: chat.accepting() });
    }
    if (path.startsWith(`${API_PATH}/`)) return api.handleHttp(request, response);
    if (path.startsWith(`${BROWSER_AUTH_PATH}/`)) {
      const log = requestLogs.get(request) ?? logger;
      return handleBrowserAuth(request, response, { services: options.services, trustProxy: options.trustProxy ?? false, log });
    }
    if (request.method === "GET" || request.method === "HEAD") return serveWebApp(request, response, options.webDist, pageStatus);
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "not found" }));
  }

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    setSecurityHeaders(request, response);
    const log = requestLog(logger, request, response);
    route(request, response).catch((error: unknown) => {
      log.error({ err: error }, "unhandled request error");
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "internal error" }));
    });
  });

  return {
    server,
    async listen(port: number, host: string): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      return `http://${host === "0.0.0.0" ? "localhost" : host}:${address.port}`;
    },
    /** Open WebSockets and subscriptions on this instance. */
    socketStats: () => api.socketStats(),
    /** Asks WebSocket clients to reconnect (elsewhere, or here after a restart). */
    announceReconnect: () => api.announceReconnect(),
    close(): Promise<void> {
      api.closeSockets();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
