import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiServices } from "@parley/api";
import type { Database } from "@parley/db";
import { API_PATH, hostApi } from "./api-host.js";
import { respondLive, respondReady } from "./http/health.js";
import { setSecurityHeaders } from "./http/security-headers.js";
import { serveWebApp } from "./http/static-files.js";

export interface ServerOptions {
  database: Database;
  services: ApiServices;
  webDist: string;
  /** Whether REDIS_URL is configured (readiness then checks Redis too). */
  redis?: boolean;
}

/** HTTP and WebSocket on one port: /health, the API at /trpc, and the web app. */
export function createParleyServer(options: ServerOptions) {
  const server = createServer();
  const api = hostApi(server, options.services);

  async function route(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (path === "/health/live") return respondLive(response);
    if (path === "/health" || path === "/health/ready") {
      const { chat } = options.services;
      const parts = { database: options.database, coordination: chat.coordination, redis: Boolean(options.redis) };
      return respondReady(response, { ...parts, accepting: chat.accepting() });
    }
    if (path.startsWith(`${API_PATH}/`)) return api.handleHttp(request, response);
    if (request.method === "GET" || request.method === "HEAD") return serveWebApp(request, response, options.webDist);
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "not found" }));
  }

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    setSecurityHeaders(request, response);
    route(request, response).catch((error: unknown) => {
      console.error("unhandled request error", error);
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
    /** Asks WebSocket clients to reconnect (elsewhere, or here after a restart). */
    announceReconnect: () => api.announceReconnect(),
    close(): Promise<void> {
      api.closeSockets();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
