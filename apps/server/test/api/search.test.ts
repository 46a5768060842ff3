import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, unchecked, type ApiClient, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** A conversation with these messages (alternating user / assistant), written as its owner would. */
async function conversation(userId: string, texts: string[], context: { modelId?: number; title?: string } = {}) {
  const session = await server.database.prisma.chatSession.create({
    data: { userId, modelId: context.modelId ?? null, isActive: false, sessionTitle: context.title ?? "New conversation" },
  });
  const messages = [];
  for (const [index, content] of texts.entries()) {
    messages.push(
      await server.database.prisma.chatMessage.create({
        data: { sessionId: session.id, userId, role: index % 2 === 0 ? "user" : "assistant", content },
      }),
    );
  }
  return { session, messages };
}

const hitText = (snippet: { text: string; hit: boolean }[]) => snippet.filter((part) => part.hit).map((part) => part.text);

async function person() {
  const signed = await server.signUp();
  return { ...signed, userId: signed.user.id };
}

describe("sessions.search", () => {
  it("finds a message by a word in any form, lands on it, and marks the words that matched", async () => {
    const { api, userId } = await person();
    const { session, messages } = await conversation(userId, ["How do I hedge my options?", "You could buy protective puts."]);
    const { hits } = await api.sessions.search.query({ query: "buying puts" });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ sessionId: session.id, messageId: messages[1]?.id, role: "assistant", archived: false });
    expect(hitText(hits[0]?.snippet ?? [])).toEqual(["buy", "puts"]);
    expect(hits[0]?.snippet.map((part) => part.text).join("")).toBe("You could buy protective puts.");
  });

  it("finds titles too, and websearch syntax: phrases, OR and exclusion", async () => {
    const { api, userId } = await person();
    const titled = await conversation(userId, ["nothing here"], { title: "Momentum breakout plan" });
    const a = await conversation(userId, ["stop loss at the swing low"]);
    const b = await conversation(userId, ["a loss stop is different"]);
    const byTitle = await api.sessions.search.query({ query: "breakout" });
    expect(byTitle.hits.map((hit) => [hit.sessionId, hit.messageId])).toEqual([[titled.session.id, null]]);
    const phrase = await api.sessions.search.query({ query: '"stop loss"' });
    expect(phrase.hits.map((hit) => hit.sessionId)).toEqual([a.session.id]);
    const either = await api.sessions.search.query({ query: "swing or different" });
    expect(new Set(either.hits.map((hit) => hit.sessionId))).toEqual(new Set([a.session.id, b.session.id]));
    const without = await api.sessions.search.query({ query: "loss -swing" });
    expect(without.hits.map((hit) => hit.sessionId)).toEqual([b.session.id]);
  });

  it("filters by scope, date range, tags and archive state", async () => {
    const { api, userId } = await person();
    const model = await api.models.create.mutate(modelConfig);
    const general = await conversation(userId, ["volatility regime"]);
    const inModel = await conversation(userId, ["volatility regime"], { modelId: model.id });
    const search = (extra: object) =>
      api.sessions.search.query({ query: "volatility", ...extra }).then((r) => r.hits.map((h) => h.sessionId));
    expect(new Set(await search({}))).toEqual(new Set([general.session.id, inModel.session.id]));
    expect(await search({ scope: { kind: "general" } })).toEqual([general.session.id]);
    expect(await search({ scope: { kind: "model", modelId: model.id } })).toEqual([inModel.session.id]);
    expect(await search({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(new Set(await search({ to: new Date(Date.now() + 60_000).toISOString() }))).toEqual(
      new Set([general.session.id, inModel.session.id]),
    );
    await api.sessions.bulk.mutate({ sessionIds: [inModel.session.id], action: { kind: "addTags", tags: ["risk"] } });
    expect(await search({ tags: ["risk"] })).toEqual([inModel.session.id]);
    await api.sessions.bulk.mutate({ sessionIds: [general.session.id], action: { kind: "archive" } });
    expect(await search({ archived: "only" })).toEqual([general.session.id]);
    expect(await search({ archived: "exclude" })).toEqual([inModel.session.id]);
    expect((await api.sessions.search.query({ query: "volatility", archived: "only" })).hits[0]?.archived).toBe(true);
  });

  it("never shows another user's conversations, nor deleted ones; admins search only through admin.*", async () => {
    const owner = await person();
    const other = await person();
    const secret = await conversation(owner.userId, ["the secret arbitrage edge"]);
    expect((await other.api.sessions.search.query({ query: "arbitrage" })).hits).toEqual([]);
    const scoped = await other.api.sessions.search.query({ query: "arbitrage", scope: { kind: "model", modelId: 1 } });
    expect(scoped.hits).toEqual([]);
    expect((await failureOf(other.api.admin.searchSessions.query({ query: "arbitrage" }))).code).toBe("FORBIDDEN");
    const admin = await server.signUp({ admin: true });
    expect((await admin.api.sessions.search.query({ query: "arbitrage" })).hits).toEqual([]);
    const asAdmin = await admin.api.admin.searchSessions.query({ query: "arbitrage", userId: owner.userId });
    expect(asAdmin.hits.map((hit) => hit.sessionId)).toEqual([secret.session.id]);
    await owner.api.sessions.delete.mutate({ sessionId: secret.session.id });
    expect((await owner.api.sessions.search.query({ query: "arbitrage" })).hits).toEqual([]);
    expect((await admin.api.admin.searchSessions.query({ query: "arbitrage" })).hits).toEqual([]);
  });

  it("matches through search_own_messages/titles only the signed-in user's own rows, and nothing without a user", async () => {
    const owner = await person();
    const other = await person();
    const mine = await conversation(owner.userId, ["a quokka momentum setup"], { title: "Quokka notes" });
    await conversation(other.userId, ["their quokka trade"], { title: "Quokka too" });
    const asApp = (userId: string | null, statement: string) =>
      server.database.sql.transaction(async (sql) => {
        await sql.query("SELECT set_config('role', 'parley_app', true), set_config('app.user_id', $1, true)", [userId ?? ""]);
        return sql.query<{ id: number }>(statement);
      });
    const messages = "SELECT id FROM search_own_messages(websearch_to_tsquery('english', 'quokka'))";
    const titles = "SELECT session_id AS id FROM search_own_titles(websearch_to_tsquery('english', 'quokka'))";
    expect(await asApp(owner.userId, messages)).toEqual([{ id: mine.messages[0]?.id }]);
    expect(await asApp(owner.userId, titles)).toEqual([{ id: mine.session.id }]);
    expect(await asApp(null, messages)).toEqual([]);
    expect(await asApp(null, titles)).toEqual([]);
  });

  it("finds only what the conversation shows: an older version is found again once switched back to", async () => {
    const { api, userId } = await person();
    const { session, messages } = await conversation(userId, ["Which hedge for my puts?", "A straddle would do."]);
    const [question, first] = messages;
    if (!question || !first) throw new Error("no messages");
    // A regenerated reply: a sibling of the first, which the conversation now shows.
    const second = await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId, role: "assistant", content: "A collar would do.", parentId: question.id },
    });
    const found = async (query: string) => (await api.sessions.search.query({ query })).hits.map((hit) => hit.messageId);
    expect(await found("straddle")).toEqual([]);
    expect(await found("collar")).toEqual([second.id]);
    expect(await found("hedge")).toEqual([question.id]);

    await api.chat.switchBranch.mutate({ messageId: first.id });
    expect(await found("straddle")).toEqual([first.id]);
    expect(await found("collar")).toEqual([]);

    // An edited first question starts a new branch from the top: everything before it is hidden.
    const edited = await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId, role: "user", content: "Which hedge for my calls?", parentId: 0 },
    });
    expect(await found("hedge")).toEqual([edited.id]);
    expect(await found("straddle")).toEqual([]);
    const admin = await server.signUp({ admin: true });
    const adminHits = await admin.api.admin.searchSessions.query({ query: "straddle or collar or calls", userId });
    expect(adminHits.hits.map((hit) => hit.messageId)).toEqual([edited.id]);
  });

  it("pages with limit and offset", async () => {
    const { api, userId } = await person();
    for (let i = 0; i < 5; i++) await conversation(userId, [`liquidity note ${i}`]);
    const first = await api.sessions.search.query({ query: "liquidity", limit: 3 });
    const second = await api.sessions.search.query({ query: "liquidity", limit: 3, offset: 3 });
    expect([first.hits.length, first.hasMore, second.hits.length, second.hasMore]).toEqual([3, true, 2, false]);
    const ids = [...first.hits, ...second.hits].map((hit) => hit.messageId);
    expect(new Set(ids).size).toBe(5);
  });
});

describe("sessions.search on bad input", () => {
  let api: ApiClient;
  beforeAll(async () => {
    const signed = await person();
    api = signed.api;
    await conversation(signed.userId, ["a plain message about <b>markup</b> & symbols"]);
  });

  it("answers empty, oversized and NUL queries with a typed error", async () => {
    for (const query of ["", "   ", "x".repeat(10_000), "abc\u0000def"]) {
      const failure = await failureOf(api.sessions.search.query({ query }));
      expect(failure, JSON.stringify(query.slice(0, 20))).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    }
    for (const input of [
      { query: "a", limit: 51 },
      { query: "a", offset: -1 },
      { query: "a", tags: [""] },
      { query: "a", from: "yesterday" },
    ]) {
      expect((await failureOf(api.sessions.search.query(unchecked(input)))).code).toBe("BAD_REQUEST");
    }
  });

  it("takes query syntax characters as text, never failing", async () => {
    const queries = ['"', "'", "(", ")", "&", "|", "!", ":*", "<->", "a & | b", "-", "or", "\\", "«»", "'; DROP TABLE x; --", "💥"];
    for (const query of queries) {
      const result = await api.sessions.search.query({ query });
      expect(Array.isArray(result.hits), query).toBe(true);
    }
    const markup = await api.sessions.search.query({ query: "markup" });
    expect(markup.hits[0]?.snippet.map((part) => part.text).join("")).toContain("<b>markup</b> & symbols");
  });

  it("matches nothing for stop words alone", async () => {
    expect((await api.sessions.search.query({ query: "the and of" })).hits).toEqual([]);
  });
});
