import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { startScriptedOpenAI, type ScriptedOpenAI } from "@parley/scripted-openai";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startPrivatePostgres } from "./private-services.js";
import { remoteClient, signUpOn } from "./remote-client.js";
import { startServerProcess } from "./server-process.js";

// "No message stays streaming": the periodic sweep of a single instance, and the retried final save.
const tokens = (count: number) => Array.from({ length: count }, (_, i) => `w${i} `).join("");
const SLOW_REPLY = tokens(300);
const SHORT_REPLY = tokens(80);
const SWEEP_INTERVAL_MS = 400;
const LEASE_MS = 600;
let database: TestDatabase;
let scripted: ScriptedOpenAI;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  scripted = await startScriptedOpenAI({
    respond: (request) => {
      if (!request.body.stream) return { kind: "text", text: "A title" };
      const slow = JSON.stringify(request.body.messages.at(-1)).includes("slow");
      // About 4 s for a slow reply, about 1.5 s for a short one.
      return slow
        ? { kind: "text", text: SLOW_REPLY, chunkSize: 6, delayMs: 20 }
        : { kind: "text", text: SHORT_REPLY, chunkSize: 5, delayMs: 25 };
    },
  });
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await scripted.close();
  await database.drop();
});

async function server(env: Record<string, string>) {
  const started = await startServerProcess({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: scripted.url, ...env });
  cleanups.push(async () => {
    started.kill("SIGKILL");
    await started.exited;
  });
  const session = await signUpOn(started.url);
  const { api, close } = remoteClient(started.url, session.accessToken);
  cleanups.push(close);
  return { process: started, api, userId: session.user.id };
}

describe("the periodic sweep of a single instance", () => {
  let instance: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => {
    instance = await server({
      DATABASE_URL: database.url,
      PARLEY_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
      PARLEY_REPLY_LEASE_MS: String(LEASE_MS),
    });
  });

  it("ends a streaming reply older than the lease that nobody writes as interrupted, keeping its text, and tells viewers", async () => {
    const { api, userId } = instance;
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "sweep_planted" }, content: "hi" });
    const sessionId = sent.session.id;
    await collectStream(api, { sessionId, replyId: sent.reply?.messageId });
    // A reply left behind while this server runs (its final save failed for good, say): start-up is long past.
    const createdAt = new Date(Date.now() - 60_000);
    const planted = await database.prisma.chatMessage.create({
      data: { sessionId, userId, role: "assistant", content: "half an answer", status: "streaming", createdAt },
    });
    const plantedAt = Date.now();
    const told = collectStream(api, { sessionId }, (event) => event.type === "done" && event.messageId === planted.id);
    const stored = () => database.prisma.chatMessage.findUniqueOrThrow({ where: { id: planted.id } });
    await expect
      .poll(stored, { timeout: 5 * SWEEP_INTERVAL_MS, interval: 50 })
      .toMatchObject({ status: "interrupted", content: "half an answer", error: expect.stringMatching(/stopped/) });
    expect(Date.now() - plantedAt).toBeLessThan(5 * SWEEP_INTERVAL_MS);
    expect((await stored()).completedAt).not.toBeNull();
    expect((await told).done).toMatchObject({ messageId: planted.id, status: "interrupted", contentLength: "half an answer".length });
  });

  it("leaves a reply it is still writing alone, however many sweeps pass and however old it gets", async () => {
    const { api } = instance;
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "sweep_own_reply" },
      content: "slow",
    });
    const ending = collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    await sleep(LEASE_MS + 3 * SWEEP_INTERVAL_MS);
    const midway = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(midway.status).toBe("streaming");
    expect((await ending).done?.status).toBe("complete");
    const reply = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } });
    expect(reply).toMatchObject({ status: "complete", content: SLOW_REPLY });
  });
});

describe("the final save of a reply", () => {
  it("is retried while PostgreSQL is down as the reply ends, and lands once it is back", async () => {
    const postgres = await startPrivatePostgres();
    cleanups.push(() => postgres.remove());
    const { api } = await server({ DATABASE_URL: postgres.url });
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "outage_at_end" },
      content: "short",
    });
    const replyId = sent.reply?.messageId;
    let textSeen = false;
    let doneSeen = false;
    const ending = collectStream(api, { sessionId: sent.session.id, replyId }, (event, collected) => {
      textSeen ||= collected.text.length > 0;
      doneSeen ||= event.type === "done";
      return doneSeen;
    });
    await expect.poll(() => textSeen).toBe(true);
    postgres.stop();
    // The upstream finishes the reply while the database is away: the final save has to wait.
    const upstream = scripted.requests.findLast((r) => (r.body as { stream?: boolean }).stream);
    await expect.poll(() => upstream?.replyEndedAt, { timeout: 10_000 }).toBeDefined();
    await sleep(2_500);
    // `done` follows the final save, so no viewer has been told the reply ended yet.
    expect(doneSeen).toBe(false);
    postgres.start();

    const ended = await ending;
    expect(ended.done).toMatchObject({ status: "complete", contentLength: SHORT_REPLY.length });
    const page = await api.sessions.messages.query({ sessionId: sent.session.id });
    expect(page.messages.find((m) => m.id === replyId)).toMatchObject({ status: "complete", content: SHORT_REPLY });
    expect(page.messages.find((m) => m.id === sent.message.id)).toMatchObject({ role: "user", content: "short" });
  }, 60_000);
});
