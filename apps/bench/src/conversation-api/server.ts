import { createCaller, createContext } from "@parley/api";
import { createApiClient } from "@parley/client";
import type { TestDatabase } from "@parley/db/testing";
import WebSocket from "ws";
import { startOfflineServer } from "../offline-server.js";

export type Caller = ReturnType<typeof createCaller>;
export type ApiClient = ReturnType<typeof createApiClient>["api"];

/** The real server, built as apps/server builds it, on port 0. */
export async function startServer(database: TestDatabase) {
  const server = await startOfflineServer(database);
  const { url, services } = server;
  const sockets: Array<{ close: () => Promise<void> }> = [];

  /** Three ways in for one user: in-process (server-side time only), HTTP, and WebSocket. */
  async function clientsFor(userId: string) {
    const { token } = await services.tokens.signAccessToken({ id: userId, role: "user" });
    const caller: Caller = createCaller(await createContext(services, token));
    const http: ApiClient = createApiClient({ url, getToken: () => token, batch: false }).api;
    const socket = createApiClient({ url, getToken: () => token, WebSocket, transport: "websocket" });
    sockets.push(socket);
    const ws: ApiClient = socket.api;
    return { caller, http, ws };
  }

  return {
    clientsFor,
    async stop() {
      for (const socket of sockets) await socket.close();
      await server.stop();
    },
  };
}
