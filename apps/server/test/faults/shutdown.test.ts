import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { signUpOn } from "./remote-client.js";

// SIGTERM on a real server process: what senders, viewers and the database see while it drains.
const tokens = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join("");
const SLOW_REPLY = tokens(150);
const VERY_SLOW_REPLY = tokens(600);
let deployment: Deployment;

beforeAll(async () => {
  deployment = await startDeployment({
    respond: (request) => {
      if (!request.body.stream) return { kind: "text", text: "A title" };
      const last = JSON.stringify(request.body.messages.at(-1));
      // About 4 s for a slow reply, about 16 s for a very slow one.
      return { kind: "text", text: last.includes("very slow") ? VERY_SLOW_REPLY : SLOW_REPLY, chunkSize: 9, delayMs: 30 };
    },
    env: { PARLEY_MAX_CONCURRENT_REPLIES: "50" },
  });
});
afterAll(async () => {
  await deployment?.stop();
});

async function instance(graceMs: number) {
  const server = await deployment.instance({ PARLEY_SHUTDOWN_GRACE_MS: String(graceMs) });
  const { accessToken } = await signUpOn(server.url);
  return { server, api: deployment.client(server.url, accessToken), accessToken };
}

/** A bare WebSocket watching a conversation, keeping every frame the server sends. */
function rawViewer(url: string, token: string, sessionId: number) {
  const socket = new WebSocket(`${url.replace("http", "ws")}/trpc?connectionParams=1`);
  const frames: Array<{ id?: unknown; method?: string; result?: { type: string } }> = [];
  socket.on("error", () => undefined);
  socket.on("open", () => {
    socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
    socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "chat.stream", input: { sessionId } } }));
  });
  socket.on("message", (raw) => frames.push(JSON.parse(raw.toString()) as (typeof frames)[number]));
  deployment.track({ close: () => socket.terminate() });
  return { frames, dataFrames: () => frames.filter((frame) => frame.result?.type === "data").length };
}

const readiness = (url: string) =>
  fetch(`${url}/health/ready`).then(
    (r) => r.status,
    () => null,
  );
const replyOf = (id: number | undefined) => deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: id ?? -1 } });

describe("graceful shutdown (SIGTERM)", () => {
  it("while draining, refuses chat.send with SERVER_RESTARTING and a retry-after, and asks WebSocket clients to reconnect", async () => {
    const { server, api, accessToken } = await instance(20_000);
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "draining_first" },
      content: "slow",
    });
    const viewer = rawViewer(server.url, accessToken, sent.session.id);
    await expect.poll(() => viewer.dataFrames()).toBeGreaterThan(3);
    server.kill("SIGTERM");
    await expect.poll(() => readiness(server.url)).toBe(503);

    const refused = await api.chat.send
      .mutate({ target: { context: { kind: "general" }, idempotencyKey: "draining_refused" }, content: "another" })
      .then(
        () => null,
        (error: { data?: { code?: string; appCode?: string; httpStatus?: number; retryAfterMs?: number }; message: string }) => error,
      );
    expect(refused?.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", appCode: "SERVER_RESTARTING", httpStatus: 503 });
    expect(refused?.data?.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.message).toMatch(/restarting/i);
    await expect.poll(() => viewer.frames).toContainEqual({ id: null, method: "reconnect" });

    // The reply that was running when SIGTERM came finishes within the grace period.
    expect(await server.exited).toBe(0);
    expect(await replyOf(sent.reply?.messageId)).toMatchObject({ status: "complete", content: SLOW_REPLY });
    const refusedStored = await deployment.database.prisma.chatSession.count({ where: { idempotencyKey: "draining_refused" } });
    expect(refusedStored).toBe(0);
  });

  it("saves a reply still running at the deadline as interrupted with its partial text, keeping the question", async () => {
    const { server, api } = await instance(300);
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "deadline_1" },
      content: "a very slow answer please",
    });
    const ending = collectStream(api, { sessionId: sent.session.id, replyId: sent.reply?.messageId });
    await collectStream(api, { sessionId: sent.session.id }, (_event, collected) => collected.text.length > 100);
    const signalledAt = Date.now();
    server.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    // The deadline, not the reply (about 16 s long), decided when the process ended.
    expect(Date.now() - signalledAt).toBeLessThan(8_000);

    const reply = await replyOf(sent.reply?.messageId);
    expect(reply.status).toBe("interrupted");
    // The same words as a reply whose server crashed (the orphan sweeper's), not a silent null.
    expect(reply.error).toBe("The server stopped while this reply was being written");
    expect(reply.content.length).toBeGreaterThan(100);
    expect(reply.content.length).toBeLessThan(VERY_SLOW_REPLY.length);
    expect(VERY_SLOW_REPLY.startsWith(reply.content)).toBe(true);
    expect(reply.completedAt).not.toBeNull();
    const question = await deployment.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(question).toMatchObject({ role: "user", status: "complete", content: "a very slow answer please" });
    // Its viewer was told how the reply ended before the server went.
    const ended = await ending;
    expect(ended.done).toMatchObject({ status: "interrupted", error: reply.error, contentLength: reply.content.length });
  });
});
