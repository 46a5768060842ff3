import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// chat.retry starts a reply as chat.send does, so the same per-user limits hold for it.

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { limits: { messagesPerMinute: 3, concurrentReplies: 1 } } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

describe("chat.retry under the send limits", () => {
  it("counts against messages per minute, and says when to retry", async () => {
    const { api } = await server.signUp();
    provider.replies.push({ kind: "error", status: 400, message: "refused" });
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "hi" });
    const replyId = sent.reply?.messageId ?? -1;
    expect((await collectStream(api, { sessionId: sent.session.id, replyId })).done?.status).toBe("failed");
    for (let attempt = 0; attempt < 2; attempt++) {
      provider.replies.push({ kind: "error", status: 400, message: "refused again" });
      await api.chat.retry.mutate({ messageId: replyId });
      const failedAgain = (event: { type: string; status?: string }) => event.type === "done" && event.status === "failed";
      expect((await collectStream(api, { sessionId: sent.session.id, replyId }, failedAgain)).done?.status).toBe("failed");
    }
    const failure = await failureOf(api.chat.retry.mutate({ messageId: replyId }));
    expect(failure).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    expect(failure.retryAfterMs ?? 0).toBeGreaterThan(0);
    expect((await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } })).status).toBe("failed");
  });

  it("is refused while another reply of the user's is being written", async () => {
    const { api } = await server.signUp();
    provider.replies.push({ kind: "error", status: 400, message: "refused" });
    const first = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "one" });
    const firstReply = first.reply?.messageId ?? -1;
    expect((await collectStream(api, { sessionId: first.session.id, replyId: firstReply })).done?.status).toBe("failed");
    provider.replies.push({ kind: "text", text: "a long answer ".repeat(50), chunkSize: 5, delayMs: 20 });
    const model = await api.models.create.mutate(modelConfig);
    const second = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "two",
    });
    const failure = await failureOf(api.chat.retry.mutate({ messageId: firstReply }));
    expect(failure).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    await collectStream(api, { sessionId: second.session.id, replyId: second.reply?.messageId });
    expect((await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: firstReply } })).status).toBe("failed");
  });
});
