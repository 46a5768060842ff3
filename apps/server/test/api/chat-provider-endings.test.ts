import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

/**
 * How a reply ends when the provider is silent, slow, cut short or stops early on purpose:
 * through the real `openai` SDK (with its retries) against the scripted upstream.
 */
let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
// Short, but with room for a loaded machine: a healthy reply must never hit them.
const deadlines = { firstTokenMs: 2_500, idleMs: 1_000, slowNoticeMs: 1_000 };
beforeAll(async () => {
  provider = await startScriptedProvider({ maxRetries: 2 });
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 20, deadlines } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

async function sendAndCollect() {
  const { api } = await server.signUp();
  const startedAt = performance.now();
  const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "Hello?" });
  const replyId = sent.reply?.messageId ?? -1;
  const collected = await collectStream(api, { sessionId: sent.session.id, replyId });
  const stored = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } });
  return {
    collected,
    stored,
    elapsedMs: performance.now() - startedAt,
    types: collected.events.map((e) => e.event.type).filter((type) => type !== "title"),
  };
}

describe("provider deadlines", () => {
  it("tells viewers a silent provider is slow, then fails at the first-token deadline", async () => {
    provider.replies.push({ kind: "hang" });
    const { collected, stored, elapsedMs, types } = await sendAndCollect();
    const error = "The AI provider did not start answering within 2.5 s";
    expect(types).toEqual(["reply_started", "provider_slow", "error", "done"]);
    expect(collected.done).toMatchObject({ status: "failed", error });
    expect(stored).toMatchObject({ status: "failed", error, content: "" });
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlines.firstTokenMs);
  });

  it("counts one first-token deadline across the SDK's retries", async () => {
    // Each 503 asks for two seconds' wait: three attempts would take over four seconds.
    const unavailable = { kind: "error" as const, status: 503, retryAfterMs: 2_000 };
    provider.replies.push(unavailable, unavailable, unavailable);
    const before = provider.streamRequests().length;
    const { collected } = await sendAndCollect();
    expect(collected.done).toMatchObject({ status: "failed", error: "The AI provider did not start answering within 2.5 s" });
    expect(provider.streamRequests().length - before).toBe(2);
    provider.replies.length = 0;
  });

  it("fails a provider that goes quiet mid-reply at the idle deadline, keeping the text", async () => {
    provider.replies.push({ kind: "hang", afterChunks: 2, text: "so far so good", chunkSize: 3 });
    const { collected, stored, types } = await sendAndCollect();
    const error = "The AI provider stopped answering for 1 s mid-reply";
    expect(collected.done).toMatchObject({ status: "failed", error, contentLength: 6 });
    expect(collected.text).toBe("so far");
    expect(stored).toMatchObject({ status: "failed", error, content: "so far" });
    expect(types).not.toContain("provider_slow");
  });

  it("says nothing of slowness to a provider that answers in time", async () => {
    provider.replies.push({ kind: "text", text: "Here you are.", firstChunkDelayMs: 100 });
    const { collected, types } = await sendAndCollect();
    expect(collected.done).toMatchObject({ status: "complete", error: null });
    expect(types).not.toContain("provider_slow");
  });
});

describe("how the provider ended its answer", () => {
  it("fails a stream that ends without a finish reason, keeping the text", async () => {
    provider.replies.push({ kind: "end-early", afterChunks: 3, text: "The answer is forty", chunkSize: 4 });
    const { collected, stored } = await sendAndCollect();
    const error = "The AI provider closed the connection before finishing its answer";
    expect(collected.done).toMatchObject({ status: "failed", error, contentLength: 12 });
    expect(stored).toMatchObject({ status: "failed", error, content: "The answer i" });
  });

  it.each([
    ["length", "The answer was cut off: it reached the AI provider's length limit"],
    ["content_filter", "The answer was cut off by the AI provider's content filter"],
  ] as const)("completes a reply ended by %s, with a note", async (finishReason, note) => {
    provider.replies.push({ kind: "text", text: "A long answer that", finishReason });
    const { collected, stored } = await sendAndCollect();
    expect(collected.done).toMatchObject({ status: "complete", error: note });
    expect(stored).toMatchObject({ status: "complete", error: note, content: "A long answer that" });
  });

  it("completes a normal answer without a note", async () => {
    provider.replies.push({ kind: "text", text: "All done." });
    const { stored } = await sendAndCollect();
    expect(stored).toMatchObject({ status: "complete", error: null, content: "All done." });
  });
});

describe("a reply ended by another instance while this one writes it", () => {
  it("tells this bus's viewers to read the saved reply instead of leaving them waiting", async () => {
    // Another instance that cannot see this one's lease (a misconfigured deployment, or a lease
    // lost under load) sweeps the reply as orphaned and tells only its own bus.
    provider.replies.push({ kind: "text", text: "word ".repeat(60), chunkSize: 5, delayMs: 20 });
    const { api } = await server.signUp();
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "Hello?" });
    const replyId = sent.reply?.messageId ?? -1;
    const collected = collectStream(
      api,
      { sessionId: sent.session.id, replyId },
      (event) => event.type === "resync" || event.type === "done",
    );
    await expect
      .poll(async () => (await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } })).content.length)
      .toBeGreaterThan(0);
    await server.database.prisma.chatMessage.update({
      where: { id: replyId },
      data: { status: "interrupted", error: "The server stopped while this reply was being written", completedAt: new Date() },
    });
    const { events } = await collected;
    expect(events.at(-1)?.event.type).toBe("resync");
    const stored = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } });
    expect(stored.status).toBe("interrupted");
  });
});
