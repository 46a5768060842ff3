import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, MISSING_ID, startTestServer, unchecked, type TestServer } from "../harness.js";

// Share links over the real server: the owner creates, lists and revokes; a visitor with no
// account reads the frozen conversation through the token alone.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** A user with one general conversation of `turns` question/answer pairs, written as the engine would. */
async function personWithConversation(turns: string[]) {
  const signed = await server.signUp();
  const prisma = server.database.prisma;
  const session = await prisma.chatSession.create({ data: { userId: signed.user.id, sessionTitle: "Hedging ideas" } });
  const tools = [{ name: "get_run_overview", ok: true, callId: "c1", result: { trades: 12 } }];
  for (const turn of turns) {
    await prisma.chatMessage.create({ data: { sessionId: session.id, userId: signed.user.id, role: "user", content: `Q: ${turn}` } });
    await prisma.chatMessage.create({
      data: {
        sessionId: session.id,
        userId: signed.user.id,
        role: "assistant",
        content: `A: ${turn}`,
        toolsUsed: tools,
        aiModel: "secret-model",
      },
    });
  }
  return { ...signed, sessionId: session.id };
}

const visitor = () => server.client();

describe("share links", () => {
  it("shows a visitor with no account the conversation as it was at share time, and nothing after", async () => {
    const owner = await personWithConversation(["first", "second"]);
    const { share, token } = await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(share).toMatchObject({ conversationId: owner.sessionId, messageCount: 4, revokedAt: null, expiresAt: null });
    const later = await server.database.prisma.chatMessage.create({
      data: { sessionId: owner.sessionId, userId: owner.user.id, role: "user", content: "Q: after the share" },
    });
    await server.database.prisma.chatMessage.update({ where: { id: later.id - 1 }, data: { content: "edited afterwards" } });

    const shared = await visitor().shares.view.query({ token });
    expect(shared.title).toBe("Hedging ideas");
    expect(shared.messages.map((m) => m.content)).toEqual(["Q: first", "A: first", "Q: second", "A: second"]);
    expect(shared.messages[1]?.toolsUsed[0]).toMatchObject({ name: "get_run_overview", result: { trades: 12 } });
    // Nothing else of the owner: no ids, no model.
    expect(JSON.stringify(shared)).not.toMatch(/secret-model|"id"|sessionId|userId/);
  });

  it("lists the owner's links and revokes one: the next view is not found", async () => {
    const owner = await personWithConversation(["one"]);
    const { share, token } = await owner.api.shares.create.mutate({ conversationId: owner.sessionId, expiresInDays: 7 });
    const kept = await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
    expect((await owner.api.shares.list.query({ conversationId: owner.sessionId })).map((s) => s.id)).toEqual([kept.share.id, share.id]);
    expect(Date.parse(share.expiresAt ?? "")).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const revoked = await owner.api.shares.revoke.mutate({ shareId: share.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await failureOf(visitor().shares.view.query({ token }))).toMatchObject({ appCode: "NOT_FOUND", httpStatus: 404 });
    // Revoking twice keeps the first time; the other link still works.
    expect((await owner.api.shares.revoke.mutate({ shareId: share.id })).revokedAt).toBe(revoked.revokedAt);
    expect((await visitor().shares.view.query({ token: kept.token })).messages).toHaveLength(2);
  });

  it("another user can neither revoke, list nor share someone else's conversation", async () => {
    const owner = await personWithConversation(["mine"]);
    const other = await personWithConversation(["theirs"]);
    const { share, token } = await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
    expect(await failureOf(other.api.shares.revoke.mutate({ shareId: share.id }))).toMatchObject({ appCode: "NOT_FOUND" });
    expect(await failureOf(other.api.shares.create.mutate({ conversationId: owner.sessionId }))).toMatchObject({ appCode: "NOT_FOUND" });
    expect(await other.api.shares.list.query({ conversationId: owner.sessionId })).toEqual([]);
    expect((await other.api.shares.list.query()).length).toBe(0);
    expect((await visitor().shares.view.query({ token })).messages[0]?.content).toBe("Q: mine");
  });

  it("refuses an unknown, malformed, expired or deleted conversation's link the same way", async () => {
    const owner = await personWithConversation(["x"]);
    const notFound = { appCode: "NOT_FOUND", httpStatus: 404 };
    for (const token of ["A".repeat(43), "x", "'; DROP TABLE conversation_shares; --", "nul\u0000byte"]) {
      expect(await failureOf(visitor().shares.view.query({ token }))).toMatchObject(notFound);
    }
    expect(await failureOf(visitor().shares.view.query({ token: "" }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failureOf(visitor().shares.view.query({ token: "t".repeat(10_000) }))).toMatchObject({ appCode: "INVALID_INPUT" });

    const expiring = await owner.api.shares.create.mutate({ conversationId: owner.sessionId, expiresInDays: 1 });
    await server.database.prisma.conversationShare.update({
      where: { id: expiring.share.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await failureOf(visitor().shares.view.query({ token: expiring.token }))).toMatchObject(notFound);

    const live = await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
    await owner.api.sessions.delete.mutate({ sessionId: owner.sessionId });
    expect(await failureOf(visitor().shares.view.query({ token: live.token }))).toMatchObject(notFound);
  });

  it("answers bad input with typed errors and requires sign-in to manage links", async () => {
    const owner = await personWithConversation(["y"]);
    expect(await failureOf(owner.api.shares.create.mutate({ conversationId: MISSING_ID }))).toMatchObject({ appCode: "NOT_FOUND" });
    expect(await failureOf(owner.api.shares.create.mutate({ conversationId: owner.sessionId, expiresInDays: 0 }))).toMatchObject({
      appCode: "INVALID_INPUT",
    });
    expect(await failureOf(owner.api.shares.revoke.mutate({ shareId: "not-a-uuid" }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failureOf(owner.api.shares.create.mutate(unchecked({ conversationId: owner.sessionId, extra: 1 })))).toMatchObject({
      appCode: "INVALID_INPUT",
    });
    expect(await failureOf(visitor().shares.create.mutate({ conversationId: owner.sessionId }))).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
    expect(await failureOf(visitor().shares.list.query())).toMatchObject({ appCode: "UNAUTHENTICATED" });
  });

  it("the application role cannot alter a frozen snapshot nor read another user's links", async () => {
    const owner = await personWithConversation(["z"]);
    const other = await personWithConversation(["w"]);
    await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
    const asApp = (userId: string, statement: string) =>
      server.database.sql.transaction(async (sql) => {
        await sql.query("SELECT set_config('role', 'parley_app', true), set_config('app.user_id', $1, true)", [userId]);
        return sql.query(statement);
      });
    await expect(asApp(owner.user.id, "UPDATE conversation_shares SET snapshot = '{}'")).rejects.toThrow(/permission denied/);
    await expect(asApp(owner.user.id, "DELETE FROM conversation_shares")).rejects.toThrow(/permission denied/);
    expect(await asApp(other.user.id, "SELECT id FROM conversation_shares")).toEqual([]);
    expect(await asApp(other.user.id, "UPDATE conversation_shares SET revoked_at = now() RETURNING id")).toEqual([]);
  });
});
