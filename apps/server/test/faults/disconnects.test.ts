import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { startScriptedOpenAI, type ScriptedOpenAI } from "@parley/scripted-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawSubscription } from "./raw-trpc-socket.js";
import { remoteClient, signUpOn } from "./remote-client.js";
import { startServerProcess } from "./server-process.js";

// With its own database: beside the restart tests' server (on Redis, still running on the same
// database) this in-process instance's lease was invisible, so that server swept the reply as
// orphaned and told only its own bus. Viewers here now get a resync for that
// (chat-provider-endings.test.ts), but this test is about disconnects, not mixed deployments.
const reply = (tokens: number) => Array.from({ length: tokens }, (_, i) => `t${i} `).join("");
let scripted: ScriptedOpenAI;
let database: TestDatabase;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  scripted = await startScriptedOpenAI({
    respond: (request) =>
      request.body.stream ? { kind: "text", text: reply(1500), chunkSize: 4, delayMs: 8 } : { kind: "text", text: "A title" },
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
  return started;
}

// Each reconnect is a WebSocket handshake, a subscription and a replay: ~20 ms on a quiet machine,
// many times that when the whole suite shares two cores, hence hundreds rather than thousands,
// spread over a reply of ~2,200 chunks 8 ms apart (~18 s).
const DISCONNECTS = 400;

describe("clients that keep dropping", () => {
  it("400 forced disconnects during a reply: resuming with lastEventId loses and repeats nothing", async () => {
    const instance = await server({ DATABASE_URL: database.url });
    const { accessToken } = await signUpOn(instance.url);
    const { api, close } = remoteClient(instance.url, accessToken);
    cleanups.push(close);
    const sentAt = Date.now();
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "disconnects" },
      content: "long one",
    });
    let lastEventId: string | undefined;
    let text = "";
    const seen = new Set<string>();
    let disconnects = 0;
    let finished = false;
    let resynced = false;
    while (!finished) {
      const subscription = openRawSubscription(instance.url, accessToken, {
        sessionId: sent.session.id,
        ...(lastEventId ? { lastEventId } : {}),
      });
      await subscription.opened;
      await subscription.waitFor(1, disconnects < DISCONNECTS ? 3 : 2_000);
      subscription.terminate();
      disconnects++;
      for (const { id, data } of subscription.events) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
        lastEventId = id;
        if (data.type === "reply_started") text = "";
        if (data.type === "delta") text += data.text ?? "";
        if (data.type === "done") finished = true;
        // On a loaded machine the reconnects can outlast the finished reply's grace
        // period; then the server says resync and, as a client must, we read the saved reply.
        if (data.type === "resync") {
          resynced = true;
          finished = true;
          text = (await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.reply?.messageId ?? -1 } })).content;
        }
      }
    }
    expect(text).toBe(reply(1500));
    // A resync is only right once the finished reply's events are gone: a minute after its end.
    if (resynced) expect(Date.now() - sentAt).toBeGreaterThan(60_000);
    else expect(disconnects).toBeGreaterThanOrEqual(DISCONNECTS);
  }, 180_000);
});
