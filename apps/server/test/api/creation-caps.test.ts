import { defaultAbuseLimits } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";

// What one user may create per minute, with the default limits (the acceptance round made 200
// conversations in 2 s).

const limits = defaultAbuseLimits;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ abuseLimits: defaultAbuseLimits });
});
afterAll(async () => {
  await server.stop();
});

describe("creation caps per user", () => {
  it(`refuses model ${limits.newModelsPerUser.limit + 1} within a minute with 429, creating nothing more`, async () => {
    const { api, user } = await server.signUp();
    for (let i = 0; i < limits.newModelsPerUser.limit; i++) await api.models.create.mutate({ ...modelConfig, name: `Model ${i}` });
    const failure = await failureOf(api.models.create.mutate(modelConfig));
    expect(failure).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", httpStatus: 429 });
    expect(failure.message).toMatch(/^Too many new models: try again in \d+ s$/);
    expect(failure.retryAfterMs).toBeGreaterThan(0);
    expect(await server.database.prisma.tradingModel.count({ where: { userId: user.id } })).toBe(limits.newModelsPerUser.limit);
    // Another user is not limited by this one.
    const other = await server.signUp();
    expect((await other.api.models.create.mutate(modelConfig)).name).toBe(modelConfig.name);
  });

  it(`counts startNew and first sends together: conversation ${limits.newConversationsPerUser.limit + 1} in a minute is refused`, async () => {
    const { api, user } = await server.signUp();
    const half = Math.floor(limits.newConversationsPerUser.limit / 2);
    for (let i = 0; i < half; i++) await api.sessions.startNew.mutate({ context: { kind: "general" } });
    for (let i = half; i < limits.newConversationsPerUser.limit; i++) {
      const sent = await api.chat.send.mutate({
        target: { context: { kind: "general" }, idempotencyKey: `cap_first_${i}` },
        content: "hi",
      });
      await api.chat.stop.mutate({ sessionId: sent.session.id });
    }
    const viaStartNew = await failureOf(api.sessions.startNew.mutate({ context: { kind: "general" } }));
    expect(viaStartNew).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    expect(viaStartNew.message).toMatch(/^Too many new conversations/);
    const viaSend = await failureOf(
      api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "cap_refused" }, content: "hi" }),
    );
    expect(viaSend.appCode).toBe("RATE_LIMITED");
    expect(await server.database.prisma.chatSession.count({ where: { userId: user.id } })).toBe(limits.newConversationsPerUser.limit);
  });

  it(`refuses share link ${limits.newSharesPerUser.limit + 1} and API key ${limits.newApiKeysPerUser.limit + 1} within a minute, fired at once`, async () => {
    const { api, user } = await server.signUp();
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "cap_share" }, content: "hi" });
    const shares = await Promise.allSettled(
      Array.from({ length: limits.newSharesPerUser.limit + 10 }, () => api.shares.create.mutate({ conversationId: sent.session.id })),
    );
    expect(shares.filter((result) => result.status === "fulfilled")).toHaveLength(limits.newSharesPerUser.limit);
    const refused = shares.find((result) => result.status === "rejected");
    expect(await failureOf(Promise.reject(refused?.reason))).toMatchObject({ appCode: "RATE_LIMITED", httpStatus: 429 });
    expect(await server.database.prisma.conversationShare.count({ where: { userId: user.id } })).toBe(limits.newSharesPerUser.limit);

    const keys = await Promise.allSettled(
      Array.from({ length: limits.newApiKeysPerUser.limit + 5 }, (_, i) => api.keys.create.mutate({ name: `key ${i}`, scopes: ["read"] })),
    );
    expect(keys.filter((result) => result.status === "fulfilled")).toHaveLength(limits.newApiKeysPerUser.limit);
    expect(await server.database.prisma.apiKey.count({ where: { userId: user.id } })).toBe(limits.newApiKeysPerUser.limit);
  });
});
