import { createOpenAIProvider, priceTable } from "@parley/api";
import { startScriptedOpenAI, type ChatRequestBody, type Reply, type ScriptedOpenAI } from "@parley/scripted-openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, type ApiClient, type TestServer } from "../harness.js";
import { collectStream } from "../streaming-support.js";

// Tokens and cost through the real `openai` SDK against the scripted upstream: replies with the
// provider's usage and without it (counted with the tokenizer), titles and summaries apart, and
// the totals per conversation, user and (for admins) everyone.

let scripted: ScriptedOpenAI;
let server: TestServer;
const replies: Reply[] = [];
let titleUsage: Reply = { kind: "text", text: "Cost Review", usage: { prompt_tokens: 100, completion_tokens: 4 } };

beforeAll(async () => {
  scripted = await startScriptedOpenAI({
    respond: (request) => (request.body.stream ? (replies.shift() ?? { kind: "text", text: "(none)" }) : titleUsage),
  });
  const provider = createOpenAIProvider({ apiKey: "k", baseURL: scripted.url, maxRetries: 0, requestTimeoutMs: 5_000 });
  server = await startTestServer({
    provider,
    engine: {
      models: { chat: "gpt-4o-mini", title: "gpt-4o-mini", summary: "gpt-4o-mini" },
      // As PARLEY_PRICES would: one local model priced, gpt-4o-mini left at its default.
      prices: priceTable({ "house-model": { inputPerMillion: 1, outputPerMillion: 2 } }),
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await scripted?.close();
});

async function ask(api: ApiClient, sessionId: number, content: string, reply: Reply) {
  replies.push(reply);
  const sent = await api.chat.send.mutate({ target: { sessionId }, content });
  const { done } = await collectStream(api, { sessionId, replyId: sent.reply?.messageId });
  await server.chat.jobs.idle();
  const { messages } = await api.sessions.messages.query({ sessionId });
  const stored = messages.find((message) => message.id === sent.reply?.messageId);
  return { done, stored };
}

// gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
const miniCost = (prompt: number, completion: number) => (prompt * 0.15 + completion * 0.6) / 1_000_000;

describe("tokens and cost of replies", () => {
  it("stores the provider's usage and its cost, and the done event carries both", async () => {
    const { api } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    const { done, stored } = await ask(api, session.id, "How much?", {
      kind: "text",
      text: "About three dollars.",
      usage: { prompt_tokens: 1_000, completion_tokens: 200 },
    });
    expect(done?.usage).toEqual({ promptTokens: 1_000, completionTokens: 200 });
    expect(done?.costUsd).toBeCloseTo(miniCost(1_000, 200), 10);
    expect(stored).toMatchObject({ aiModel: "gpt-4o-mini", promptTokens: 1_000, completionTokens: 200 });
    expect(stored?.costUsd).toBeCloseTo(0.00027, 10);
  });

  it("counts the tokens with the tokenizer when the provider omits usage", async () => {
    const { api } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    const text = "Your realized P&L over the last week was +$1,240.50 across 37 fills.";
    const { done, stored } = await ask(api, session.id, "What was my P&L last week?", { kind: "text", text, usage: { omit: true } });
    const wire = scripted.requests
      .map((r) => r.body as ChatRequestBody)
      .filter((body) => body.stream)
      .at(-1);
    expect(wire?.stream_options).toEqual({ include_usage: true });
    expect(stored?.completionTokens).toBe(encode(text).length);
    // The system prompt and the question, framed: within the scripted server's rough estimate's range.
    const roughPrompt = JSON.stringify(wire?.messages).length / 4;
    expect(stored?.promptTokens).toBeGreaterThan(roughPrompt * 0.5);
    expect(stored?.promptTokens).toBeLessThan(roughPrompt * 1.5);
    expect(done?.usage).toEqual({ promptTokens: stored?.promptTokens, completionTokens: stored?.completionTokens });
    expect(stored?.costUsd).toBeCloseTo(miniCost(stored?.promptTokens ?? 0, stored?.completionTokens ?? 0), 10);
  });

  it("counts a stopped reply's tokens too: they were billed", async () => {
    const { api } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    replies.push({ kind: "text", text: "word ".repeat(200), chunkSize: 5, delayMs: 20 });
    const sent = await api.chat.send.mutate({ target: { sessionId: session.id }, content: "Talk" });
    await collectStream(
      api,
      { sessionId: session.id, replyId: sent.reply?.messageId },
      (event, collected) => event.type === "done" || collected.text.length > 20,
    );
    await api.chat.stop.mutate({ sessionId: session.id });
    const { done } = await collectStream(api, { sessionId: session.id, replyId: sent.reply?.messageId });
    expect(done?.status).toBe("stopped");
    const { messages } = await api.sessions.messages.query({ sessionId: session.id });
    const stopped = messages.find((m) => m.id === sent.reply?.messageId);
    expect(stopped?.completionTokens).toBe(encode(stopped?.content ?? "").length);
    expect(stopped?.completionTokens).toBeGreaterThan(0);
    expect(stopped?.costUsd).toBeGreaterThan(0);
  });
});

describe("totals", () => {
  it("count the title apart from the replies, per conversation and per user", async () => {
    const { api } = await server.signUp();
    const first = await api.sessions.active.mutate({ context: { kind: "general" } });
    await ask(api, first.id, "One", { kind: "text", text: "A", usage: { prompt_tokens: 500, completion_tokens: 50 } });
    await ask(api, first.id, "Two", { kind: "text", text: "B", usage: { prompt_tokens: 700, completion_tokens: 70 } });
    const usage = await api.usage.conversation.query({ sessionId: first.id });
    expect(usage.replies).toMatchObject({ promptTokens: 1_200, completionTokens: 120, totalTokens: 1_320, count: 2, unpriced: 0 });
    expect(usage.replies.costUsd).toBeCloseTo(miniCost(1_200, 120), 10);
    // One title, with the usage the scripted upstream reported for it.
    expect(usage.titles).toMatchObject({ promptTokens: 100, completionTokens: 4, count: 1, unpriced: 0 });
    expect(usage.titles.costUsd).toBeCloseTo(miniCost(100, 4), 10);
    expect(usage.summaries).toMatchObject({ count: 0, costUsd: null });
    expect(usage.total).toMatchObject({ promptTokens: 1_300, completionTokens: 124, count: 3 });
    expect(usage.total.costUsd).toBeCloseTo(miniCost(1_300, 124), 10);

    // A second conversation whose title came without usage: counted with the tokenizer.
    titleUsage = { kind: "text", text: "Second Thoughts", usage: { omit: true } };
    const second = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    await ask(api, second.id, "Three", { kind: "text", text: "C", usage: { prompt_tokens: 300, completion_tokens: 30 } });
    const secondUsage = await api.usage.conversation.query({ sessionId: second.id });
    expect(secondUsage.titles.count).toBe(1);
    expect(secondUsage.titles.completionTokens).toBe(encode("Second Thoughts").length);

    const mine = await api.usage.mine.query();
    expect(mine.replies).toMatchObject({ promptTokens: 1_500, completionTokens: 150, count: 3 });
    expect(mine.titles.count).toBe(2);
    expect(mine.total.totalTokens).toBe(usage.total.totalTokens + secondUsage.total.totalTokens);
    expect(mine.byConversation.map((group) => group.key).sort()).toEqual([String(first.id), String(second.id)].sort());
    expect(mine.byAiModel.map((group) => group.key)).toEqual(["gpt-4o-mini"]);
    expect(mine.byModel).toEqual([]);
    titleUsage = { kind: "text", text: "Cost Review", usage: { prompt_tokens: 100, completion_tokens: 4 } };
  });

  it("count a summary apart, with the usage its request reported", async () => {
    const { api, user } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    // 60 earlier messages: the next reply makes a summary due.
    for (let n = 0; n < 60; n++) {
      const role = n % 2 === 0 ? "user" : "assistant";
      await server.database.prisma.chatMessage.create({ data: { sessionId: session.id, userId: user.id, role, content: `m${n}` } });
    }
    titleUsage = { kind: "text", text: "Earlier: m0 to m29.", usage: { prompt_tokens: 900, completion_tokens: 40 } };
    await ask(api, session.id, "And now?", { kind: "text", text: "Now this.", usage: { prompt_tokens: 2_000, completion_tokens: 3 } });
    const usage = await api.usage.conversation.query({ sessionId: session.id });
    expect(usage.summaries).toMatchObject({ promptTokens: 900, completionTokens: 40, count: 1, unpriced: 0 });
    expect(usage.summaries.costUsd).toBeCloseTo(miniCost(900, 40), 10);
    expect(usage.replies).toMatchObject({ promptTokens: 2_000, completionTokens: 3, count: 1 });
    const summary = await server.database.prisma.chatSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(summary.conversationSummary).toBe("Earlier: m0 to m29.");
    titleUsage = { kind: "text", text: "Cost Review", usage: { prompt_tokens: 100, completion_tokens: 4 } };
  });

  it("are zero for a new user, and refuse another's conversation and bad input", async () => {
    const owner = await server.signUp();
    const session = await owner.api.sessions.active.mutate({ context: { kind: "general" } });
    await ask(owner.api, session.id, "Mine", { kind: "text", text: "Yes", usage: { prompt_tokens: 10, completion_tokens: 1 } });
    const other = await server.signUp();
    const empty = await other.api.usage.mine.query();
    expect(empty.total).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: null, count: 0, unpriced: 0 });
    expect(empty.byConversation).toEqual([]);
    expect(await failureOf(other.api.usage.conversation.query({ sessionId: session.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(other.api.usage.conversation.query({ sessionId: 2_000_000_000 }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(other.api.usage.conversation.query({ sessionId: -1 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(other.api.usage.mine.query({ top: 1_000 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(server.client().usage.mine.query())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("show an unknown AI model's cost as null and count it unpriced, never a guess", async () => {
    const { api, user } = await server.signUp();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    await server.database.prisma.chatMessage.create({
      data: {
        sessionId: session.id,
        userId: user.id,
        role: "assistant",
        content: "x",
        aiModel: "mystery-model",
        promptTokens: 40,
        completionTokens: 2,
      },
    });
    const usage = await api.usage.conversation.query({ sessionId: session.id });
    expect(usage.replies).toMatchObject({ promptTokens: 40, completionTokens: 2, costUsd: null, count: 1, unpriced: 1 });
  });

  it("reach admin.usageStats: per AI model, user and kind, with costs", async () => {
    const admin = await server.signUp({ admin: true });
    const stats = await admin.api.admin.usageStats.query();
    expect(stats.costs.total.count).toBeGreaterThanOrEqual(7);
    expect(stats.costs.titles.count).toBeGreaterThanOrEqual(2);
    expect(stats.costs.byUser.length).toBeGreaterThanOrEqual(4);
    expect(stats.costs.byUser.every((group) => group.label?.includes("@example.test"))).toBe(true);
    const mini = stats.costs.byAiModel.find((group) => group.key === "gpt-4o-mini");
    expect(mini?.total.costUsd).toBeGreaterThan(0);
    expect(stats.costs.byAiModel.find((group) => group.key === "mystery-model")?.total.unpriced).toBe(1);
    const users = stats.costs.byUser.reduce((sum, group) => sum + group.total.totalTokens, 0);
    expect(users).toBe(stats.costs.total.totalTokens);
    const plain = await server.signUp();
    expect(await failureOf(plain.api.admin.usageStats.query())).toMatchObject({ code: "FORBIDDEN" });
  });
});
