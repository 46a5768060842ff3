import { appErrorCode, createParleyClient, type ParleyClient, type ReplyEvent, type ReplyStream } from "@parley/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { startScriptedProvider } from "../streaming-support.js";
import { startCutProxy } from "./cut-proxy.js";

let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
let proxy: Awaited<ReturnType<typeof startCutProxy>>;
const clients: ParleyClient[] = [];

beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 20 } });
  proxy = await startCutProxy(server.url);
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await proxy.close();
  await server.stop();
  await provider.scripted.close();
});
// Every stream lets go of its subscription when it ends: nothing is left listening.
afterEach(async () => {
  await expect.poll(() => server.bus.stats().listeners).toBe(0);
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i} `).join("");

/** A signed-up user and a client of the package under test, through the cuttable proxy. */
async function person() {
  const signedUp = await server.signUp();
  const client = createParleyClient({ url: proxy.url, getToken: () => signedUp.accessToken, WebSocket });
  clients.push(client);
  const model = await client.models.create.mutate(modelConfig);
  return { client, model };
}

async function collect(stream: ReplyStream, onEvent: (event: ReplyEvent, all: ReplyEvent[]) => void = () => undefined) {
  const events: ReplyEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    onEvent(event, events);
  }
  const text = events.map((e) => (e.type === "delta" ? e.text : "")).join("");
  return { events, text, done: events.at(-1) };
}

const stored = (messageId: number) => server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });

describe("chat.sendAndStream against the real server", () => {
  it("streams its reply from reply_started to done, then ends", async () => {
    provider.replies.push({ kind: "text", text: "A short answer.", chunkSize: 3 });
    const { client, model } = await person();
    const stream = client.chat.sendAndStream({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "Hi",
    });
    const { events, text, done } = await collect(stream);
    const { reply } = await stream.sent;
    // Conversation news (the title) may come first; the reply's own events start with reply_started.
    const own = events.filter((e) => e.type !== "title" && e.type !== "summary");
    expect(own[0]).toMatchObject({ type: "reply_started", messageId: reply?.messageId });
    expect(done).toMatchObject({ type: "done", status: "complete", messageId: reply?.messageId });
    expect(text).toBe("A short answer.");
    expect((await stored(reply?.messageId ?? 0)).content).toBe(text);
  });

  it("waits for its own reply: the previous one, replayed to a new subscriber, is skipped", async () => {
    provider.replies.push({ kind: "text", text: "first reply" }, { kind: "text", text: "second reply", chunkSize: 2, delayMs: 5 });
    const { client, model } = await person();
    const opening = client.chat.sendAndStream({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "one",
    });
    const first = await collect(opening);
    const stream = client.chat.sendAndStream({ target: { sessionId: (await opening.sent).session.id }, content: "two" });
    const second = await collect(stream);
    const replyId = (await stream.sent).reply?.messageId;
    expect(first.text).toBe("first reply");
    expect(second.text).toBe("second reply");
    expect(second.events.every((e) => !("messageId" in e) || e.messageId === replyId)).toBe(true);
  });

  it("completes across forced disconnects with no duplicate and no missing delta", async () => {
    const text = words(120);
    provider.replies.push({ kind: "text", text, chunkSize: 7, delayMs: 15 });
    const { client, model } = await person();
    const cuts: number[] = [];
    const acceptedBefore = proxy.accepted();
    const stream = client.chat.sendAndStream({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "Talk",
    });
    const collected = await collect(stream, (event, all) => {
      const deltas = all.filter((e) => e.type === "delta").length;
      // Mid-reply, twice: the server's side of the WebSocket goes away with the client's.
      if (event.type === "delta" && (deltas === 5 || deltas === 25)) cuts.push(proxy.cutAll());
    });
    expect(cuts.every((n) => n >= 1)).toBe(true);
    // The client came back on new connections each time (the WebSocket resubscribing with its lastEventId).
    expect(proxy.accepted() - acceptedBefore).toBeGreaterThanOrEqual(3);
    expect(collected.text).toBe(text);
    expect(collected.events.filter((e) => e.type === "reply_started")).toHaveLength(1);
    expect(collected.done).toMatchObject({ type: "done", status: "complete" });
    const deltasAfterLastCut = collected.events.filter((e) => e.type === "delta").length - 25;
    expect(deltasAfterLastCut).toBeGreaterThan(0);
    expect((await stored((await stream.sent).reply?.messageId ?? 0)).content).toBe(text);
  });

  it("stop() ends the stream with done stopped, the partial text saved", async () => {
    provider.replies.push({ kind: "text", text: "a ".repeat(400), chunkSize: 2, delayMs: 10 });
    const { client, model } = await person();
    const stream = client.chat.sendAndStream({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "Go on",
    });
    let stopping: Promise<boolean> | undefined;
    const { text, done } = await collect(stream, (event) => {
      if (event.type === "delta") stopping ??= stream.stop();
    });
    expect(await stopping).toBe(true);
    expect(done).toMatchObject({ type: "done", status: "stopped" });
    const reply = await stored((await stream.sent).reply?.messageId ?? 0);
    expect(reply.status).toBe("stopped");
    expect(reply.content).toBe(text);
    expect(text.length).toBeLessThan(800);
  });

  it("replays a retried send whose reply finished from the stored message", async () => {
    provider.replies.push({ kind: "text", text: "stored answer", chunkSize: 4 });
    const { client, model } = await person();
    const input = { target: { context: { kind: "model" as const, modelId: model.id }, idempotencyKey: key() }, content: "Once" };
    const first = await collect(client.chat.sendAndStream(input));
    const again = client.chat.sendAndStream(input);
    const second = await collect(again);
    expect((await again.sent).duplicate).toBe(true);
    expect(second.text).toBe(first.text);
    expect(second.events.map((e) => e.type).filter((t) => t !== "title")).toEqual(["reply_started", "delta", "done"]);
  });

  it("throws a failed send from the loop and from `sent`, with the API's error code", async () => {
    const { client } = await person();
    const stream = client.chat.sendAndStream({ target: { sessionId: 2_147_483_000 }, content: "Anyone?" });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(appErrorCode(error)).toBe("NOT_FOUND");
    await expect(stream.sent).rejects.toThrow(/not found/i);
  });

  it("stops watching on abort while the reply goes on", async () => {
    provider.replies.push({ kind: "text", text: words(60), chunkSize: 5, delayMs: 10 });
    const { client, model } = await person();
    const controller = new AbortController();
    const stream = client.chat.sendAndStream(
      { target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() }, content: "Long one" },
      { signal: controller.signal },
    );
    const error = await collect(stream, (event) => event.type === "delta" && controller.abort(new Error("enough"))).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(new Error("enough"));
    const replyId = (await stream.sent).reply?.messageId ?? 0;
    await expect.poll(async () => (await stored(replyId)).status, { timeout: 10_000 }).toBe("complete");
  });

  it("explains what is missing when Node has no WebSocket to subscribe with", async () => {
    const signedUp = await server.signUp();
    const client = createParleyClient({ url: server.url, getToken: () => signedUp.accessToken });
    provider.replies.push({ kind: "text", text: "unseen" });
    const stream = client.chat.sendAndStream({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "Hello?" });
    await expect(collect(stream)).rejects.toThrow(/pass `WebSocket` from the `ws` package/);
  });
});
