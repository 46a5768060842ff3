import { randomUUID } from "node:crypto";
import type { AppRouter } from "@parley/api";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, handMadeToken, modelConfig, startTestServer, type ApiClient, type TestServer } from "../harness.js";

// A token can be validly signed and still name nobody: its user was deleted after it was
// issued, or its subject is not a user id at all. Every call answers 401, on HTTP and on
// WebSocket alike: no 500 from a foreign key, no empty 200 from a read.

let server: TestServer;
const sockets: Array<ReturnType<typeof createWSClient>> = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) await socket.close();
  await server.stop();
});

/** Every call of this client goes over one WebSocket, queries and mutations included. */
function socketClient(token: string): ApiClient {
  const ws = createWSClient({
    url: `${server.url.replace("http", "ws")}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
  });
  sockets.push(ws);
  return createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
}

/** The calls the acceptance round saw answered 500 (writes) or 200 (reads). */
const calls: Array<[string, (api: ApiClient) => Promise<unknown>]> = [
  ["models.create", (api) => api.models.create.mutate(modelConfig)],
  ["sessions.startNew", (api) => api.sessions.startNew.mutate({ context: { kind: "general" } })],
  ["chat.send", (api) => api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "stale_token" }, content: "hi" })],
  ["sessions.list", (api) => api.sessions.list.query({})],
  ["models.list", (api) => api.models.list.query()],
  ["auth.me", (api) => api.auth.me.query()],
];

async function tokensNamingNobody() {
  const deleted = await server.signUp();
  await server.database.prisma.user.delete({ where: { id: deleted.user.id } });
  return [
    ["a deleted user", deleted.accessToken],
    ["a uuid no user ever had", await handMadeToken(randomUUID())],
    ["a subject that is not a uuid", await handMadeToken("not-a-uuid")],
    ["an empty subject", await handMadeToken("")],
  ] as const;
}

describe("a validly signed token that names no user", () => {
  it.each(calls)("%s answers 401 over HTTP and over WebSocket, and writes nothing", async (_name, call) => {
    const before = {
      models: await server.database.prisma.tradingModel.count(),
      sessions: await server.database.prisma.chatSession.count(),
    };
    for (const [, token] of await tokensNamingNobody()) {
      for (const api of [server.client(token), socketClient(token)]) {
        const failure = await failureOf(call(api));
        expect(failure).toMatchObject({ code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED", message: "Invalid token" });
      }
    }
    expect(await server.database.prisma.tradingModel.count()).toBe(before.models);
    expect(await server.database.prisma.chatSession.count()).toBe(before.sessions);
  });

  it("cannot watch a conversation either", async () => {
    const owner = await server.signUp();
    const session = await owner.api.sessions.startNew.mutate({ context: { kind: "general" } });
    for (const [, token] of await tokensNamingNobody()) {
      const error = await new Promise<unknown>((resolve) => {
        const subscription = socketClient(token).chat.stream.subscribe({ sessionId: session.id }, { onError: resolve });
        setTimeout(() => subscription.unsubscribe(), 5_000);
      });
      expect(error).toMatchObject({ data: { code: "UNAUTHORIZED" } });
    }
  });

  it("stops working within seconds of its user's deletion, though it was accepted before", async () => {
    const user = await server.signUp();
    expect((await user.api.auth.me.query()).id).toBe(user.user.id);
    await server.database.prisma.user.delete({ where: { id: user.user.id } });
    await expect
      .poll(() => failureOf(user.api.auth.me.query()).catch(() => null), { timeout: 15_000, interval: 500 })
      .toMatchObject({
        code: "UNAUTHORIZED",
      });
  });
});
