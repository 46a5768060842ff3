import { createMemoryEventBus } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handMadeToken, startTestServer, type TestServer } from "../harness.js";
import { collectStream } from "../streaming-support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

function subscribeOnce(api: TestServer["client"] extends (...args: never[]) => infer C ? C : never, sessionId: number) {
  return new Promise<{ data: unknown[]; error: { data?: { code?: string } } | null }>((resolve) => {
    const data: unknown[] = [];
    const subscription = api.chat.stream.subscribe(
      { sessionId },
      {
        onData: (event) => data.push(event),
        onError: (error) => {
          subscription.unsubscribe();
          resolve({ data, error: error as { data?: { code?: string } } });
        },
      },
    );
    setTimeout(() => {
      subscription.unsubscribe();
      resolve({ data, error: null });
    }, 1_000);
  });
}

describe("who may watch", () => {
  it("sends nothing to a WebSocket without a valid token: missing, malformed, forged or expired", async () => {
    const { api, user } = await server.signUp();
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "lifecycle_1" }, content: "hi" });
    await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    const forged = await handMadeToken(user.id, { secret: "some-other-secret-that-is-long-enough-000" });
    const expired = await handMadeToken(user.id, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    for (const token of [undefined, "not-a-jwt", forged, expired]) {
      const outcome = await subscribeOnce(server.client(token), sent.session.id);
      expect(outcome.data).toEqual([]);
      expect(outcome.error?.data?.code).toBe("UNAUTHORIZED");
    }
  });

  it("sends nothing of another user's conversation", async () => {
    const owner = await server.signUp();
    const sent = await owner.api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "lifecycle_2" },
      content: "secret",
    });
    const stranger = await server.signUp();
    const outcome = await subscribeOnce(stranger.api, sent.session.id);
    expect(outcome.data).toEqual([]);
    expect(outcome.error?.data?.code).toBe("NOT_FOUND");
  });
});

describe("resources", () => {
  it("leaves no listener, timer or handle behind after 1,000 subscribe/unsubscribe cycles", async () => {
    const { api } = await server.signUp();
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "lifecycle_3" }, content: "hi" });
    await collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    const busStats = (server.bus as ReturnType<typeof createMemoryEventBus>).stats;
    const channelsBefore = busStats().channels;
    const handlesBefore = process.getActiveResourcesInfo().length;
    const heapBefore = process.memoryUsage().heapUsed;
    for (let cycle = 0; cycle < 1_000; cycle++) {
      await collectStream(api, { sessionId: sent.session.id }, () => true);
    }
    await expect.poll(() => busStats().listeners).toBe(0);
    expect(busStats().channels).toBe(channelsBefore);
    expect(busStats().dropTimers).toBeLessThanOrEqual(busStats().channels);
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handlesBefore + 2);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
