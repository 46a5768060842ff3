import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 20, deadlines: { idleMs: 1_000 } } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

async function firstSend(content = "What is this model configured for?") {
  const person = await server.signUp();
  const model = await person.api.models.create.mutate(modelConfig);
  const sent = await person.api.chat.send.mutate({
    target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
    content,
  });
  return { ...person, model, sent, replyId: sent.reply?.messageId ?? -1 };
}

async function storedReply(messageId: number) {
  return server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
}

describe("send and stream", () => {
  it("streams deltas to done and saves the reply with its usage and AI model", async () => {
    provider.replies.push({ kind: "text", text: "Your model scalps stocks on margin. ✓ 日本語 🚀", chunkSize: 3, splitUtf8: true });
    const { api, sent, replyId } = await firstSend();
    const collected = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(collected.events.find((e) => e.event.type === "reply_started")?.event).toMatchObject({
      type: "reply_started",
      messageId: replyId,
      aiModel: "gpt-4o-mini",
      offline: false,
    });
    expect(collected.text).toBe("Your model scalps stocks on margin. ✓ 日本語 🚀");
    expect(collected.done).toMatchObject({ status: "complete", error: null });
    expect(collected.done?.usage?.completionTokens).toBeGreaterThan(0);
    const reply = await storedReply(replyId);
    expect(reply).toMatchObject({ content: collected.text, status: "complete", aiModel: "gpt-4o-mini" });
    expect(reply.completionTokens).toBeGreaterThan(0);
  });

  it("gives a subscriber that arrives after the reply finished the final state", async () => {
    provider.replies.push({ kind: "text", text: "Finished before anyone looked.", chunkSize: 4 });
    const { api, sent, replyId } = await firstSend();
    await server.chat.jobs.idle();
    await expect.poll(async () => (await storedReply(replyId)).status).toBe("complete");
    const late = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(late.text).toBe("Finished before anyone looked.");
  });

  it("resumes after a disconnect with lastEventId: no duplicate, no gap", async () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i} `).join("");
    provider.replies.push({ kind: "text", text, chunkSize: 6, delayMs: 15 });
    const { api, sent } = await firstSend();
    const first = await collectStream(api, { sessionId: sent.session.id }, (_e, c) => c.events.length >= 6);
    const lastEventId = first.events.at(-1)?.id ?? "";
    const rest = await collectStream(api, { sessionId: sent.session.id, lastEventId });
    const ids = [...first.events, ...rest.events].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rest.events[0]?.event.type).toBe("delta");
    expect(first.text + rest.text).toBe(text);
  });

  it("stops: the partial text is saved with status stopped", async () => {
    provider.replies.push({ kind: "text", text: "a ".repeat(400), chunkSize: 2, delayMs: 10 });
    const { api, sent, replyId } = await firstSend();
    await collectStream(api, { sessionId: sent.session.id }, (event) => event.type === "delta");
    const watching = collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(await api.chat.stop.mutate({ sessionId: sent.session.id })).toEqual({ stopped: true });
    const collected = await watching;
    expect(collected.done?.status).toBe("stopped");
    const reply = await storedReply(replyId);
    expect(reply.status).toBe("stopped");
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content.length).toBeLessThan(800);
    expect(reply.content).toBe(collected.text);
  });

  it("saves a reply whose provider dropped mid-stream as failed, keeping the partial text", async () => {
    provider.replies.push({ kind: "disconnect", afterChunks: 3, text: "partial text that never ends", chunkSize: 4 });
    const { api, sent, replyId } = await firstSend();
    const collected = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(collected.done?.status).toBe("failed");
    expect(collected.done?.error).toMatch(/AI provider/);
    const reply = await storedReply(replyId);
    expect(reply).toMatchObject({ status: "failed", content: "partial text" });
    expect(reply.error).toMatch(/AI provider/);
  });

  it("retries a 429 with retry-after before the first token, then streams", async () => {
    provider.replies.push({ kind: "error", status: 429, retryAfterSeconds: 0 }, { kind: "text", text: "after the retry" });
    const { api, sent } = await firstSend();
    const collected = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(collected).toMatchObject({ text: "after the retry", done: { status: "complete" } });
  });

  it("fails clearly when the provider keeps answering 500", async () => {
    provider.replies.push(...Array.from({ length: 3 }, () => ({ kind: "error" as const, status: 500 })));
    const { api, sent, replyId } = await firstSend();
    const collected = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(collected.done).toMatchObject({ status: "failed", error: "The AI provider is unavailable (HTTP 500)" });
    // The error is said once, before the done that follows the final save.
    const types = collected.events.map((e) => e.event.type);
    expect(types.filter((type) => type === "error")).toHaveLength(1);
    expect(types.indexOf("error")).toBe(types.indexOf("done") - 1);
    expect(collected.events.find((e) => e.event.type === "error")?.event).toMatchObject({
      messageId: replyId,
      message: "The AI provider is unavailable (HTTP 500)",
    });
    expect((await storedReply(replyId)).status).toBe("failed");
  });

  it("times out a provider that hangs mid-reply: failed, with the partial text", async () => {
    provider.replies.push({ kind: "hang", afterChunks: 2, text: "so far so good", chunkSize: 3 });
    const { api, sent, replyId } = await firstSend();
    const collected = await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(collected.done).toMatchObject({ status: "failed", error: "The AI provider stopped answering for 1 s mid-reply" });
    expect((await storedReply(replyId)).content).toBe("so far");
  });

  it("retries a failed reply in place", async () => {
    provider.replies.push({ kind: "disconnect", afterChunks: 1, text: "oops" }, { kind: "text", text: "second time lucky" });
    const { api, sent, replyId } = await firstSend();
    await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    const watching = collectStream(api, { sessionId: sent.session.id }, (e) => e.type === "done" && e.status === "complete");
    await api.chat.retry.mutate({ messageId: replyId });
    expect((await watching).text).toBe("second time lucky");
    expect(await storedReply(replyId)).toMatchObject({ status: "complete", content: "second time lucky", error: null });
  });

  it("refuses a new message while a reply is being written, and keeps nothing of it", async () => {
    provider.replies.push({ kind: "text", text: "slow ".repeat(100), chunkSize: 5, delayMs: 10 });
    const { api, sent } = await firstSend();
    const refused = await failureOf(api.chat.send.mutate({ target: { sessionId: sent.session.id }, content: "interrupting" }));
    expect(refused).toMatchObject({ code: "CONFLICT", appCode: "REPLY_IN_PROGRESS" });
    await api.chat.stop.mutate({ sessionId: sent.session.id });
    const users = await server.database.prisma.chatMessage.count({ where: { sessionId: sent.session.id, role: "user" } });
    expect(users).toBe(1);
  });
});
