import { createChatEngine } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 10 } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;
type WireMessage = { role: string; content: string | null };
const lastStreamMessages = () => (provider.streamRequests().at(-1)?.body as { messages: WireMessage[] }).messages;

describe("context injection", () => {
  it("states every configuration field of the model, rebuilt from the current configuration", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    await api.models.update.mutate({ modelId: model.id, changes: { buyingPower: 75_000, customRules: "Flat by 3:55pm." } });
    provider.replies.push({ kind: "text", text: "ok" });
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "What is this model configured for?",
    });
    await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    const system = lastStreamMessages()[0]?.content ?? "";
    for (const fact of [
      "Name: Test Scalper",
      "AI model: gpt-4o-mini",
      "Trading mode: paper",
      "Trading style: scalping",
      "Instrument: stocks (symbols: AAPL, MSFT)",
      "Margin account: yes",
      "Buying power: $75,000.00",
      "Short selling: allowed",
      "Options strategies: not allowed",
      "Hedging: not allowed",
      "Allowed order types: market, limit",
      "Custom rules: Flat by 3:55pm.",
      "Custom instructions: Be brief.",
    ]) {
      expect(system).toContain(fact);
    }
    // BUG-016: the model's own AI model answers, in that model's conversation.
    expect(provider.streamRequests().at(-1)?.body).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("keeps models apart: each conversation gets its own model's configuration", async () => {
    const { api } = await server.signUp();
    const first = await api.models.create.mutate({ ...modelConfig, name: "Alpha", allowShorting: true });
    const second = await api.models.create.mutate({ ...modelConfig, name: "Beta", allowShorting: false, defaultAiModel: "gpt-4o" });
    for (const model of [first, second]) {
      provider.replies.push({ kind: "text", text: "ok" });
      const sent = await api.chat.send.mutate({
        target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
        content: "Tell me about you",
      });
      await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
      const system = lastStreamMessages()[0]?.content ?? "";
      expect(system).toContain(`Name: ${model.name}`);
      expect(system).not.toContain(`Name: ${model.name === "Alpha" ? "Beta" : "Alpha"}`);
    }
    expect(provider.streamRequests().at(-1)?.body).toMatchObject({ model: "gpt-4o" });
  });

  it("gives a general conversation the platform prompt and no model", async () => {
    const { api } = await server.signUp();
    provider.replies.push({ kind: "text", text: "ok" });
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "hi" });
    await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    const system = lastStreamMessages()[0]?.content ?? "";
    expect(system).toContain("You are Parley");
    expect(system).not.toContain("Trading model configuration");
    expect(provider.streamRequests().at(-1)?.body).toMatchObject({ model: "test-chat-model" });
  });
});

describe("titles and summaries", () => {
  it("shows a provisional title at once, then the generated one with a title event", async () => {
    const { api } = await server.signUp();
    provider.replies.push({ kind: "text", text: "Sure.", delayMs: 30 });
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: key() },
      content: "Can you review my scalper's configuration please",
    });
    expect(sent.session).toMatchObject({ title: "Can you review my scalper's configuration please", titleSource: "provisional" });
    const collected = await collectStream(
      api,
      { sessionId: sent.session.id },
      (_e, c) => c.events.some((e) => e.event.type === "title") && c.done !== undefined,
    );
    expect(collected.events.find((e) => e.event.type === "title")?.event).toMatchObject({ title: "Scalper Configuration Review" });
    expect(await api.sessions.get.query({ sessionId: sent.session.id })).toMatchObject({
      title: "Scalper Configuration Review",
      titleSource: "generated",
    });
  });
  // The summary window over a long conversation: chat-summary-window.test.ts.
});

describe("server restart", () => {
  it("marks a reply that was streaming when the server died as interrupted, keeping both texts", async () => {
    const { api } = await server.signUp();
    provider.replies.push({ kind: "hang", afterChunks: 2, text: "partial answer here", chunkSize: 8 });
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "keep me" });
    await collectStream(api, { sessionId: sent.session.id }, (_e, c) => c.text.length >= 16);
    await expect
      .poll(async () => {
        const row = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
        return row.content;
      })
      .toBe("partial answer h");
    // A new process starting on the same database: its engine has never heard of this reply.
    const restarted = createChatEngine({
      prisma: server.database.prisma,
      bus: server.bus,
      provider: provider.provider,
      models: { chat: "m", title: "m", summary: "m" },
    });
    expect(await restarted.sweepOrphans(0)).toBeGreaterThanOrEqual(1);
    const reply = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply).toMatchObject({ status: "interrupted", content: "partial answer h" });
    const question = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(question.content).toBe("keep me");
    await server.chat.stop(sent.session.id);
  });
});
