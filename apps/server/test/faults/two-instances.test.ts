import { startRedisCluster } from "@parley/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { openRawSubscription } from "./raw-trpc-socket.js";
import { testRedisUrl } from "@parley/db/testing";
import { signUpOn } from "./remote-client.js";

// Two real server processes over one PostgreSQL database and one Redis (or a Redis Cluster of
// three masters, conversations sharded over them), as in production.
const LONG_REPLY = Array.from({ length: 120 }, (_, i) => `token${i} `).join("");
const SHARED_REDIS = testRedisUrl;
const backends: Array<[string, () => Promise<{ url: string; cluster: boolean; stop(): void }>]> = [
  ["one Redis", async () => ({ url: SHARED_REDIS, cluster: false, stop: () => undefined })],
  ["a Redis Cluster of 3 masters", async () => ({ ...(await startRedisCluster(3)), cluster: true })],
];

// Each test starts two server processes: slow on a loaded machine.
describe.each(backends)("two instances over %s", { timeout: 90_000 }, (_backend, startRedis) => {
  let deployment: Deployment;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    deployment = await startDeployment({
      redis,
      respond: (request) =>
        request.body.stream ? { kind: "text", text: LONG_REPLY, chunkSize: 9, delayMs: 40 } : { kind: "text", text: "A title" },
      redisPrefix: "fault",
      env: {
        PARLEY_REPLY_LEASE_MS: "900",
        PARLEY_SWEEP_INTERVAL_MS: "200",
        PARLEY_RATE_MESSAGES_PER_MINUTE: "5",
        PARLEY_MAX_CONCURRENT_REPLIES: "50",
      },
    });
  });
  afterAll(async () => {
    await deployment?.stop();
    redis?.stop();
  });

  const instance = (extra: Record<string, string> = {}) => deployment.instance(extra);
  const client = (url: string, token: string) => deployment.client(url, token);

  it("shows a reply generated on A to a viewer on B, and stops it from B", async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const { accessToken } = await signUpOn(a.url);
    const onA = client(a.url, accessToken);
    const onB = client(b.url, accessToken);
    const sent = await onA.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "two_inst_1" }, content: "hi" });
    const watched = await collectStream(onB, { sessionId: sent.session.id }, (_e, c) => c.text.length > 40);
    expect(LONG_REPLY.startsWith(watched.text)).toBe(true);
    const finishing = collectStream(onB, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    expect(await onB.chat.stop.mutate({ sessionId: sent.session.id })).toEqual({ stopped: true });
    const ended = await finishing;
    expect(ended.done?.status).toBe("stopped");
    const reply = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply).toMatchObject({ status: "stopped", content: ended.text });
  });

  it("ends a reply as interrupted for its viewer on B when A is killed mid-reply, keeping both texts", async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const { accessToken } = await signUpOn(a.url);
    const sent = await client(a.url, accessToken).chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "two_inst_2" },
      content: "please keep this question",
    });
    const onB = client(b.url, accessToken);
    const ending = collectStream(onB, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    await collectStream(onB, { sessionId: sent.session.id }, (_e, c) => c.text.length > 60);
    // Partial text is saved about once a second; kill A once some of it is.
    const replyId = sent.reply?.messageId ?? -1;
    await expect
      .poll(async () => (await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } })).content.length, {
        timeout: 5_000,
      })
      .toBeGreaterThan(0);
    a.kill("SIGKILL");
    const ended = await ending;
    expect(ended.done).toMatchObject({ status: "interrupted" });
    const reply = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply.status).toBe("interrupted");
    // Rebuilt from the stream's backlog: exactly what the viewer was shown, not the last
    // periodic save (up to a second behind).
    expect(ended.text.length).toBeGreaterThan(60);
    expect(reply.content).toBe(ended.text);
    expect(LONG_REPLY.startsWith(reply.content)).toBe(true);
    const question = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(question.content).toBe("please keep this question");
  });

  it("stops from B within about a second a reply whose writer A was just killed, keeping what was shown", async () => {
    // Leases long enough that the sweeper cannot be what ends the reply.
    const longLease = { PARLEY_REPLY_LEASE_MS: "30000" };
    const [a, b] = await Promise.all([instance(longLease), instance(longLease)]);
    const { accessToken } = await signUpOn(a.url);
    const sent = await client(a.url, accessToken).chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "two_inst_stop_dead" },
      content: "stop me after the crash",
    });
    const onB = client(b.url, accessToken);
    const ending = collectStream(onB, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    await collectStream(onB, { sessionId: sent.session.id }, (_e, c) => c.text.length > 60);
    a.kill("SIGKILL");
    await a.exited;
    const asked = performance.now();
    expect(await onB.chat.stop.mutate({ sessionId: sent.session.id })).toEqual({ stopped: true });
    const answeredMs = performance.now() - asked;
    const ended = await ending;
    expect(ended.done).toMatchObject({ status: "stopped", error: null });
    expect(answeredMs).toBeLessThan(3_000);
    const reply = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply).toMatchObject({ status: "stopped", content: ended.text });
    expect(LONG_REPLY.startsWith(reply.content)).toBe(true);
    // The conversation takes a new message at once.
    const next = await onB.chat.send.mutate({
      target: { sessionId: sent.session.id },
      content: "and again",
      clientMessageId: "two_inst_stop_dead_2",
    });
    expect(next.reply?.messageId).toBeGreaterThan(0);
  });

  it("counts one user's messages per minute across both instances, and says when to retry", async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const { accessToken } = await signUpOn(a.url);
    const apis = [client(a.url, accessToken), client(b.url, accessToken)];
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      const api = apis[i % 2];
      if (!api) throw new Error("unreachable");
      outcomes.push(
        await api.chat.send
          .mutate({ target: { context: { kind: "general" }, idempotencyKey: `rate_limit_${i}` }, content: `m${i}` })
          .then(() => "ok")
          .catch((error: { data?: { appCode?: string; retryAfterMs?: number }; message: string }) => error),
      );
    }
    expect(outcomes.slice(0, 5)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    const refused = outcomes[5] as { data?: { appCode?: string; retryAfterMs?: number }; message: string };
    expect(refused.data?.appCode).toBe("RATE_LIMITED");
    expect(refused.data?.retryAfterMs).toBeGreaterThan(0);
    expect(refused.message).toMatch(/try again in \d+ s/);
  });

  it("shuts down gracefully on SIGTERM: not ready, lets the reply finish, exits 0", async () => {
    const server = await instance({ PARLEY_SHUTDOWN_GRACE_MS: "20000" });
    const { accessToken } = await signUpOn(server.url);
    const api = client(server.url, accessToken);
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "graceful_1" }, content: "hi" });
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    server.kill("SIGTERM");
    await expect.poll(async () => (await fetch(`${server.url}/health/ready`).catch(() => null))?.status).toBe(503);
    expect(await server.exited).toBe(0);
    const reply = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply).toMatchObject({ status: "complete", content: LONG_REPLY });
  });

  it("resumes a reply written on A on either instance with lastEventId, 100 times, losing and repeating nothing", async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const { accessToken } = await signUpOn(a.url);
    const sent = await client(a.url, accessToken).chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "two_inst_resume" },
      content: "hi",
    });
    let lastEventId: string | undefined;
    let text = "";
    const seen = new Set<string>();
    let disconnects = 0;
    for (let finished = false; !finished; disconnects++) {
      const viewer = disconnects % 2 === 0 ? b : a;
      const input = { sessionId: sent.session.id, ...(lastEventId ? { lastEventId } : {}) };
      const subscription = openRawSubscription(viewer.url, accessToken, input);
      deployment.track({ close: () => subscription.terminate() });
      await subscription.opened;
      await subscription.waitFor(1, disconnects < 100 ? 40 : 10_000);
      subscription.terminate();
      for (const { id, data } of subscription.events) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
        lastEventId = id;
        if (data.type === "reply_started") text = "";
        if (data.type === "delta") text += data.text ?? "";
        if (data.type === "done") finished = true;
      }
    }
    expect(disconnects).toBeGreaterThan(20);
    expect(text).toBe(LONG_REPLY);
  });
});
