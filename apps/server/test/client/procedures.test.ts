import { createParleyClient, type ParleyClient, type RouterOutputs } from "@parley/client";
import { readUsageStats, readUsageTotals } from "@parley/db/operations";
import { createRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import WebSocket from "ws";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";

let server: TestServer;
const clients: ParleyClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await server.stop();
});

function clientFor(token: () => string | null) {
  const client = createParleyClient({ url: server.url, getToken: token, WebSocket });
  clients.push(client);
  return client;
}

async function signedIn(options: { admin?: boolean } = {}) {
  const person = await server.signUp(options);
  return { ...person, client: clientFor(() => person.accessToken) };
}

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

// Every procedure of the router, called through @parley/client over real HTTP and WebSocket.
describe("@parley/client against the real server", () => {
  it("auth: sign up, sign in, me, refresh, sign out", async () => {
    let token: string | null = null;
    const client = clientFor(() => token);
    const email = `client-${Date.now()}@example.test`;
    const signedUp = await client.auth.signUp.mutate({ email, password: "a good password", displayName: "Client" });
    expectTypeOf(signedUp).toEqualTypeOf<RouterOutputs["auth"]["signUp"]>();
    const session = await client.auth.signIn.mutate({ email: email.toUpperCase(), password: "a good password" });
    token = session.accessToken;
    expect(await client.auth.me.query()).toMatchObject({ email, displayName: "Client", role: "user" });
    const refreshed = await client.auth.refresh.mutate({ refreshToken: session.refreshToken });
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(await client.auth.signOut.mutate({ refreshToken: refreshed.refreshToken })).toEqual({ ok: true });
    token = null;
    expect(await failureOf(client.auth.me.query())).toMatchObject({ appCode: "UNAUTHENTICATED" });
  });

  it("models and runs", async () => {
    const { client, user } = await signedIn();
    const model = await client.models.create.mutate(modelConfig);
    expectTypeOf(model.id).toBeNumber();
    expect(await client.models.get.query({ modelId: model.id })).toMatchObject({ id: model.id, name: modelConfig.name });
    expect((await client.models.update.mutate({ modelId: model.id, changes: { name: "Renamed" } })).name).toBe("Renamed");
    expect((await client.models.list.query()).map((m) => m.id)).toEqual([model.id]);
    const run = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    expect((await client.runs.list.query({ modelId: model.id })).map((r) => r.id)).toEqual([run.id]);
    expect((await client.runs.get.query({ modelId: model.id, runId: run.id })).id).toBe(run.id);
    expect((await client.models.delete.mutate({ modelId: model.id })).deletedAt).not.toBeNull();
  });

  it("conversations: find active, active, start new, list, get, rename, resume, messages, delete", async () => {
    const { client } = await signedIn();
    const general = { kind: "general" as const };
    expect(await client.sessions.findActive.query({ context: general })).toBeNull();
    const first = await client.sessions.active.mutate({ context: general });
    expect((await client.sessions.findActive.query({ context: general }))?.id).toBe(first.id);
    const second = await client.sessions.startNew.mutate({ context: general });
    expect(second.isActive).toBe(true);
    expect((await client.sessions.list.query({ filter: general })).items.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
    expect((await client.sessions.resume.mutate({ sessionId: first.id })).isActive).toBe(true);
    expect((await client.sessions.get.query({ sessionId: second.id })).isActive).toBe(false);
    expect((await client.sessions.rename.mutate({ sessionId: first.id, title: "Mine" })).title).toBe("Mine");
    expect(await client.sessions.messages.query({ sessionId: first.id })).toMatchObject({ messages: [], hasOlder: false });
    expect(await client.sessions.delete.mutate({ sessionId: second.id })).toMatchObject({ id: second.id, deleted: true });
  });

  it("chat: status, send, stream, stop, retry", async () => {
    const { client } = await signedIn();
    expect(await client.chat.status.query()).toMatchObject({ offline: true, provider: "offline" });
    const sent = await client.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "Hello there" });
    const replyId = sent.reply?.messageId ?? 0;
    const done = await new Promise<string>((resolve, reject) => {
      const subscription = client.chat.stream.subscribe(
        { sessionId: sent.session.id },
        {
          onData: ({ data }) => {
            if (data.type === "done" && data.messageId === replyId) {
              subscription.unsubscribe();
              resolve(data.status);
            }
          },
          onError: reject,
        },
      );
    });
    expect(done).toBe("complete");
    expect(await client.chat.stop.mutate({ sessionId: sent.session.id })).toEqual({ stopped: false });
    await server.database.prisma.chatMessage.update({ where: { id: replyId }, data: { status: "failed" } });
    const retried = await client.chat.retry.mutate({ messageId: replyId });
    expect(retried.reply.messageId).toBe(replyId);
    await client.chat.stop.mutate({ sessionId: sent.session.id });
  });

  it("admin: conversations and messages of any user, and the usage statistics", async () => {
    const { client: user, user: owner } = await signedIn();
    const { client: admin } = await signedIn({ admin: true });
    const model = await user.models.create.mutate(modelConfig);
    const stream = user.chat.sendAndStream({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "Stats?",
    });
    for await (const _event of stream) continue;
    const { session } = await stream.sent;
    const listed = await admin.admin.listSessions.query({ userId: owner.id });
    expect(listed.items.map((s) => s.id)).toContain(session.id);
    expect((await admin.admin.sessionMessages.query({ sessionId: session.id })).messages).toHaveLength(2);
    const stats = await admin.admin.usageStats.query();
    expectTypeOf(stats).toEqualTypeOf<RouterOutputs["admin"]["usageStats"]>();
    // Under row-level security an admin sees what the owner's connection sees.
    const { costs, ...spec } = stats;
    expect(spec).toEqual(await readUsageStats(server.database.prisma));
    expect(costs).toMatchObject(await readUsageTotals(server.database.prisma));
    expect(stats.modelConversations.conversations).toBeGreaterThanOrEqual(1);
    expect(stats.tokens.total).toBeGreaterThan(0);
    expect(await failureOf(user.admin.usageStats.query())).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
  });
});
