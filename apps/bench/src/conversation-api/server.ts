import { createCaller, createContext, type AppRouter } from "@parley/api";
import type { TestDatabase } from "@parley/db/testing";
import { createTRPCClient, createWSClient, httpLink, wsLink, type TRPCClient } from "@trpc/client";
import WebSocket from "ws";
import { startOfflineServer } from "../offline-server.js";

export type Caller = ReturnType<typeof createCaller>;
export type ApiClient = TRPCClient<AppRouter>;

/** The real server, built as apps/server builds it, on port 0. */
export async function startServer(database: TestDatabase) {
  const server = await startOfflineServer(database);
  const { url, services } = server;
  const sockets: Array<ReturnType<typeof createWSClient>> = [];

  /** Three ways in for one user: in-process (server-side time only), HTTP, and WebSocket. */
  async function clientsFor(userId: string) {
    const { token } = await services.tokens.signAccessToken({ id: userId, role: "user" });
    const caller: Caller = createCaller(await createContext(services, token));
    const http: ApiClient = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
    });
    const socket = createWSClient({
      url: `${url.replace("http", "ws")}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token },
    });
    sockets.push(socket);
    const ws: ApiClient = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] });
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
