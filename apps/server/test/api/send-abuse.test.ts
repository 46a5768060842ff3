import { createOfflineProvider } from "@parley/api";
import { createModel } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, type TestServer } from "../harness.js";

// Sends as an abusive client makes them: a key reused across contexts, fifty at once.

const CONCURRENT_REPLIES = 3;
let server: TestServer;
beforeAll(async () => {
  // Slow replies (the offline assistant pausing between tokens): the accepted ones stay streaming
  // for the whole test, so every send of a burst sees them.
  server = await startTestServer({
    provider: createOfflineProvider({ tokenDelayMs: 200 }),
    engine: { limits: { messagesPerMinute: 100_000, concurrentReplies: CONCURRENT_REPLIES } },
  });
});
afterAll(async () => {
  await server.stop();
});

const stopAll = (api: TestServer["client"] extends (...args: never[]) => infer C ? C : never, sessionIds: number[]) =>
  Promise.all(sessionIds.map((sessionId) => api.chat.stop.mutate({ sessionId })));

describe("an idempotency key reused with another context", () => {
  it.each([
    ["general, then a model", "general", "model"],
    ["a model, then general", "model", "general"],
    ["a model, then another model", "model", "other-model"],
  ] as const)("%s: refused with 409 naming the conflict, and nothing lands in the first context", async (_case, first, second) => {
    const { api, user } = await server.signUp();
    const models = [await createModel(server.database.prisma, user.id), await createModel(server.database.prisma, user.id)];
    const contextOf = (kind: "general" | "model" | "other-model") =>
      kind === "general" ? { kind } : { kind: "model" as const, modelId: (kind === "model" ? models[0] : models[1])?.id ?? 0 };
    const idempotencyKey = `reused_key_${first}_${second}`;
    const sent = await api.chat.send.mutate({ target: { context: contextOf(first), idempotencyKey }, content: "first" });
    await stopAll(api, [sent.session.id]);

    for (const clientMessageId of [undefined, "a_new_client_message"]) {
      const target = { context: contextOf(second), idempotencyKey };
      const failure = await failureOf(api.chat.send.mutate({ target, content: "meant elsewhere", clientMessageId }));
      expect(failure).toMatchObject({ code: "CONFLICT", appCode: "IDEMPOTENCY_KEY_REUSED", httpStatus: 409 });
      expect(failure.message).toMatch(/already started a conversation in another context/);
    }
    const messages = await server.database.prisma.chatMessage.findMany({ where: { userId: user.id, role: "user" } });
    expect(messages.map((message) => message.content)).toEqual(["first"]);
    expect(await server.database.prisma.chatSession.count({ where: { userId: user.id } })).toBe(1);
  });

  it("the same key in the same context is still a retry answered with what the first attempt stored", async () => {
    const { api } = await server.signUp();
    const target = { context: { kind: "general" as const }, idempotencyKey: "honest_retry" };
    const first = await api.chat.send.mutate({ target, content: "once" });
    const again = await api.chat.send.mutate({ target, content: "once" });
    expect(again).toMatchObject({ duplicate: true, session: { id: first.session.id }, message: { id: first.message.id } });
    await stopAll(api, [first.session.id]);
  });
});

describe("the concurrent-replies limit under concurrency", () => {
  it(`50 first sends at once, each in its own context: exactly ${CONCURRENT_REPLIES} replies start, the rest are told to wait`, async () => {
    const { user, accessToken } = await server.signUp();
    const api = server.client(accessToken, { batch: false });
    const models = await Promise.all(Array.from({ length: 50 }, () => createModel(server.database.prisma, user.id)));
    const outcomes = await Promise.allSettled(
      models.map((model, i) =>
        api.chat.send.mutate({
          target: { context: { kind: "model", modelId: model.id }, idempotencyKey: `burst_${i}_key` },
          content: `send ${i}`,
        }),
      ),
    );
    const accepted = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    const refused = await Promise.all(
      outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [failureOf(Promise.reject(outcome.reason))] : [])),
    );
    expect(accepted).toHaveLength(CONCURRENT_REPLIES);
    expect(refused).toHaveLength(50 - CONCURRENT_REPLIES);
    for (const failure of refused) expect(failure).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", httpStatus: 429 });
    const streaming = await server.database.prisma.chatMessage.count({
      where: { userId: user.id, role: "assistant", status: "streaming" },
    });
    expect(streaming).toBe(CONCURRENT_REPLIES);
    // A refused send stored nothing.
    expect(await server.database.prisma.chatSession.count({ where: { userId: user.id } })).toBe(CONCURRENT_REPLIES);
    await stopAll(
      api,
      accepted.map((sent) => sent.session.id),
    );
  });
});
