import { randomBytes } from "node:crypto";
import {
  createCaller,
  createChatEngine,
  createContext,
  createMemoryEventBus,
  createOfflineProvider,
  createTokenService,
  type ApiServices,
  type AppRouter,
} from "@parley/api";
import type { TestDatabase } from "@parley/db/testing";
import { createParleyServer } from "@parley/server/create-server";
import { createTRPCClient, createWSClient, httpLink, wsLink, type TRPCClient } from "@trpc/client";
import WebSocket from "ws";

export type Caller = ReturnType<typeof createCaller>;
export type ApiClient = TRPCClient<AppRouter>;

/** The real server, built as apps/server builds it, on port 0. */
export async function startServer(database: TestDatabase) {
  const tokens = createTokenService({ secret: randomBytes(32).toString("hex") });
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: createOfflineProvider({ tokenDelayMs: 0 }),
    models: { chat: "bench", title: "bench", summary: "bench" },
  });
  const services: ApiServices = { prisma: database.prisma, sql: database.sql, tokens, chat };
  const app = createParleyServer({ database, services, webDist: "/nonexistent" });
  const url = await app.listen(0, "127.0.0.1");
  const sockets: Array<ReturnType<typeof createWSClient>> = [];

  /** Three ways in for one user: in-process (server-side time only), HTTP, and WebSocket. */
  async function clientsFor(userId: string) {
    const { token } = await tokens.signAccessToken({ id: userId, role: "user" });
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
      await chat.shutdown(0);
      await app.close();
      await bus.close();
    },
  };
}
