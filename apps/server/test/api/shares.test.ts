import { createRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, MISSING_ID, modelConfig, startTestServer, unchecked, type TestServer } from "../harness.js";

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

  describe("the model's settings, only when the owner ticks them", () => {
    /** A model at version 2 (long custom rules) with a model conversation and a run (made at version 2) conversation. */
    async function personWithModel() {
      const signed = await server.signUp();
      const model = await signed.api.models.create.mutate({ ...modelConfig, name: "Settings Shared" });
      const rules = `Never hold overnight. ${"Size every position at 1% of capital. ".repeat(4)}`.trim();
      await signed.api.models.update.mutate({ modelId: model.id, changes: { customRules: rules, allowShorting: false } });
      const prisma = server.database.prisma;
      // The run records the model's version at its creation (a trigger fills it in): version 2.
      const run = await createRun(prisma, { id: model.id, userId: signed.user.id });
      const about = async (runId: number | null) => {
        const session = await prisma.chatSession.create({
          data: { userId: signed.user.id, modelId: model.id, runId, sessionTitle: "About it" },
        });
        await prisma.chatMessage.create({ data: { sessionId: session.id, userId: signed.user.id, role: "user", content: "Q" } });
        return session.id;
      };
      return { ...signed, model, rules, modelSessionId: await about(null), runSessionId: await about(run.id) };
    }

    it("shows the model's configuration as it was at share time, whole, and lists the link as such", async () => {
      const owner = await personWithModel();
      const plain = await owner.api.shares.create.mutate({ conversationId: owner.modelSessionId });
      const withSettings = await owner.api.shares.create.mutate({ conversationId: owner.modelSessionId, includeModelSettings: true });
      expect([plain.share.includesModelSettings, withSettings.share.includesModelSettings]).toEqual([false, true]);
      // A later edit changes neither link.
      await owner.api.models.update.mutate({ modelId: owner.model.id, changes: { allowShorting: true, customRules: "Anything goes" } });

      const unticked = await visitor().shares.view.query({ token: plain.token });
      expect(unticked.modelSettings).toBeNull();
      expect(JSON.stringify(unticked)).not.toMatch(/Settings Shared|overnight|buying/i);

      const shown = await visitor().shares.view.query({ token: withSettings.token });
      expect(shown.modelSettings?.version).toBe(2);
      const fields = Object.fromEntries(shown.modelSettings?.fields.map((f) => [f.label, f.value]) ?? []);
      expect(fields).toMatchObject({ Name: "Settings Shared", "Short selling": "not allowed", "Custom rules": owner.rules });
      expect(JSON.stringify(shown)).not.toMatch(/Anything goes|"id"|userId|modelId/);

      const listed = await owner.api.shares.list.query({ conversationId: owner.modelSessionId });
      expect(listed.map((s) => s.includesModelSettings)).toEqual([true, false]);
    });

    it("a run conversation's link shows the version the run ran with, not the model's latest", async () => {
      const owner = await personWithModel();
      await owner.api.models.update.mutate({ modelId: owner.model.id, changes: { allowShorting: true } });
      const { token } = await owner.api.shares.create.mutate({ conversationId: owner.runSessionId, includeModelSettings: true });
      const shown = await visitor().shares.view.query({ token });
      expect(shown.modelSettings?.version).toBe(2);
      expect(shown.modelSettings?.fields).toContainEqual({ label: "Short selling", value: "not allowed" });
    });

    it("refuses to include settings a general conversation does not have, and a non-boolean choice", async () => {
      const owner = await personWithConversation(["general"]);
      expect(
        await failureOf(owner.api.shares.create.mutate({ conversationId: owner.sessionId, includeModelSettings: true })),
      ).toMatchObject({
        appCode: "INVALID_INPUT",
        message: "A general conversation has no model settings to share",
      });
      expect(await owner.api.shares.list.query({ conversationId: owner.sessionId })).toEqual([]);
      expect(
        await failureOf(owner.api.shares.create.mutate(unchecked({ conversationId: owner.sessionId, includeModelSettings: "yes" }))),
      ).toMatchObject({ appCode: "INVALID_INPUT" });
      const other = await personWithModel();
      expect(
        await failureOf(owner.api.shares.create.mutate({ conversationId: other.modelSessionId, includeModelSettings: true })),
      ).toMatchObject({ appCode: "NOT_FOUND" });
    });
  });

  describe("links kept to signed-in users", () => {
    it("asks a signed-out reader to sign in, shows the conversation to any signed-in user, and lists the link as such", async () => {
      const owner = await personWithConversation(["members only"]);
      const anyone = await owner.api.shares.create.mutate({ conversationId: owner.sessionId });
      const { share, token } = await owner.api.shares.create.mutate({ conversationId: owner.sessionId, viewers: "signed-in" });
      expect([anyone.share.viewers, share.viewers]).toEqual(["anyone", "signed-in"]);

      const refused = await failureOf(visitor().shares.view.query({ token }));
      expect(refused).toMatchObject({ appCode: "UNAUTHENTICATED", httpStatus: 401 });
      expect(refused.message).toMatch(/^Sign in to read this conversation/);
      expect(JSON.stringify(refused)).not.toMatch(/members only|Hedging/);
      // The same link for anyone still needs no account.
      expect((await visitor().shares.view.query({ token: anyone.token })).messages).toHaveLength(2);

      // Any account will do, not only the owner's.
      const reader = await server.signUp();
      expect((await reader.api.shares.view.query({ token })).messages.map((m) => m.content)).toEqual([
        "Q: members only",
        "A: members only",
      ]);
      expect((await owner.api.shares.view.query({ token })).title).toBe("Hedging ideas");
      expect((await owner.api.shares.list.query({ conversationId: owner.sessionId })).map((s) => s.viewers)).toEqual([
        "signed-in",
        "anyone",
      ]);
    });

    it("counts neither a rejected token nor an API key as signed in, and refuses revoked links as not found first", async () => {
      const owner = await personWithConversation(["people only"]);
      const { share, token } = await owner.api.shares.create.mutate({ conversationId: owner.sessionId, viewers: "signed-in" });
      expect(await failureOf(server.client("not-a-token").shares.view.query({ token }))).toMatchObject({ appCode: "UNAUTHENTICATED" });
      const { secret } = await owner.api.keys.create.mutate({ name: "dashboard", scopes: ["read"] });
      expect(await failureOf(server.client(secret).shares.view.query({ token }))).toMatchObject({ appCode: "UNAUTHENTICATED" });

      await owner.api.shares.revoke.mutate({ shareId: share.id });
      const reader = await server.signUp();
      expect(await failureOf(reader.api.shares.view.query({ token }))).toMatchObject({ appCode: "NOT_FOUND" });
      expect(await failureOf(visitor().shares.view.query({ token }))).toMatchObject({ appCode: "NOT_FOUND" });
    });

    it("refuses an unknown choice of viewers", async () => {
      const owner = await personWithConversation(["v"]);
      const failure = await failureOf(owner.api.shares.create.mutate(unchecked({ conversationId: owner.sessionId, viewers: "friends" })));
      expect(failure).toMatchObject({ appCode: "INVALID_INPUT" });
      expect(failure.message).toMatch(/Viewers are "anyone" or "signed-in"/);
      expect(await owner.api.shares.list.query({ conversationId: owner.sessionId })).toEqual([]);
    });
  });
});
