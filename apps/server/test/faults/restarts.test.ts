import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { startScriptedOpenAI, type ScriptedOpenAI } from "@parley/scripted-openai";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startPrivatePostgres, startPrivateRedis } from "./private-services.js";
import { remoteClient, signUpOn } from "./remote-client.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

const reply = (tokens: number) => Array.from({ length: tokens }, (_, i) => `t${i} `).join("");
let scripted: ScriptedOpenAI;
let database: TestDatabase;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  scripted = await startScriptedOpenAI({
    respond: (request) => {
      if (!request.body.stream) return { kind: "text", text: "A title" };
      const last = JSON.stringify(request.body.messages.at(-1));
      return last.includes("long")
        ? { kind: "text", text: reply(1500), chunkSize: 4, delayMs: 8 }
        : { kind: "text", text: reply(150), chunkSize: 5, delayMs: 20 };
    },
  });
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await scripted.close();
  await database.drop();
});

async function server(env: Record<string, string>): Promise<ServerProcess> {
  const started = await startServerProcess({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: scripted.url, ...env });
  cleanups.push(async () => {
    started.kill("SIGKILL");
    await started.exited;
  });
  return started;
}

/** Stream ids of one Redis run grow strictly: nothing doubled, nothing out of order. */
function expectIdsInOrder(ids: string[]) {
  const [ms, seq] = [(id: string) => Number(id.split("-")[0]), (id: string) => Number(id.split("-")[1])];
  const sorted = [...ids].sort((a, b) => ms(a) - ms(b) || seq(a) - seq(b));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(sorted);
}

describe("a service restarts under a running server", () => {
  it("Redis scripts flushed, then Redis restarted mid-stream: no delta reordered, doubled or silently lost", async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const instance = await server({ DATABASE_URL: database.url, REDIS_URL: redis.url });
    const { accessToken } = await signUpOn(instance.url);
    const { api, close } = remoteClient(instance.url, accessToken);
    cleanups.push(close);
    // NOSCRIPT mid-stream: the batched publisher's EVALSHA falls back to EVAL; nothing is lost.
    const first = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "noscript" }, content: "hi" });
    const following = collectStream(api, { sessionId: first.session.id, replyId: first.reply?.messageId });
    for (let flush = 0; flush < 3; flush++) {
      await sleep(400);
      redis.flushScripts();
    }
    const whole = await following;
    expect(whole.events.some((e) => e.event.type === "resync")).toBe(false);
    expect(whole.text).toBe(reply(150));
    expectIdsInOrder(whole.events.map((e) => e.id));

    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "redis_restart" }, content: "hi" });
    const watching = collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    await sleep(600);
    redis.kill();
    await sleep(300);
    await redis.restart();
    const collected = await watching;
    const saved = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(saved).toMatchObject({ status: "complete", content: reply(150) });
    expectIdsInOrder(collected.events.map((e) => e.id));
    // Either every delta arrived, or the viewer can tell it must reload the saved reply: a
    // resync event, or a `done` whose contentLength differs from what it assembled.
    const toldToReload = collected.events.some((e) => e.event.type === "resync") || collected.done?.contentLength !== collected.text.length;
    expect(toldToReload || collected.text === saved.content).toBe(true);
    expect(saved.content.startsWith(collected.text) || toldToReload).toBe(true);
  }, 90_000);

  it("PostgreSQL restarted: requests fail with a clear error, then work again without a server restart", async () => {
    const postgres = await startPrivatePostgres();
    cleanups.push(() => postgres.remove());
    const instance = await server({ DATABASE_URL: postgres.url });
    const { accessToken } = await signUpOn(instance.url);
    const { api, close } = remoteClient(instance.url, accessToken);
    cleanups.push(close);
    await api.sessions.list.query({});
    postgres.stop();
    const started = Date.now();
    const failure = await api.sessions.list
      .query({})
      .catch((error: { data?: { appCode?: string; code?: string }; message: string }) => error);
    expect(failure).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE", appCode: "DATABASE_UNAVAILABLE" } });
    expect((failure as { message: string }).message).toBe("The database is unavailable; try again shortly");
    expect(Date.now() - started).toBeLessThan(6_000);
    expect((await fetch(`${instance.url}/health/ready`)).status).toBe(503);
    postgres.start();
    await expect
      .poll(
        () =>
          api.sessions.list.query({}).then(
            () => "ok",
            () => "failing",
          ),
        { timeout: 15_000 },
      )
      .toBe("ok");
    expect((await fetch(`${instance.url}/health/ready`)).status).toBe(200);
  });
});
