import { defaultAbuseLimits } from "@parley/api";
import { createModel } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { remoteClient, signUpOn } from "./remote-client.js";
import type { ServerProcess } from "./server-process.js";

// The concurrent-replies limit as deployed: two processes over one database and one Redis, the
// limit at 1. (Messages per minute across instances: two-instances.test.ts.)
const SLOW_REPLY = Array.from({ length: 100 }, (_, i) => `part${i} `).join("");
let deployment: Deployment;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  deployment = await startDeployment({
    respond: (request) =>
      request.body.stream ? { kind: "text", text: SLOW_REPLY, chunkSize: 8, delayMs: 30 } : { kind: "text", text: "A title" },
    redisPrefix: "limits",
    env: { PARLEY_MAX_CONCURRENT_REPLIES: "1", PARLEY_RATE_MESSAGES_PER_MINUTE: "100" },
  });
  [a, b] = await Promise.all([deployment.instance(), deployment.instance()]);
});
afterAll(async () => {
  await deployment?.stop();
});

const client = (url: string, token: string) => deployment.client(url, token);

type Refusal = { data?: { code?: string; appCode?: string; httpStatus?: number; retryAfterMs?: number | null }; message: string };
const sendOutcome = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Refusal) => error,
  );

describe("concurrent replies per user, limit 1, across two instances", () => {
  it("refuses a second reply for the same user on the other instance while the first streams, and says when to retry", async () => {
    const { accessToken } = await signUpOn(a.url);
    const onA = client(a.url, accessToken);
    const onB = client(b.url, accessToken);
    const first = await onA.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "first_reply" }, content: "one" });
    const firstEnds = collectStream(onA, { sessionId: first.session.id, replyId: first.reply?.messageId });
    await collectStream(onB, { sessionId: first.session.id }, (_event, collected) => collected.text.length > 0);

    // Another conversation (the same one would be REPLY_IN_PROGRESS): only the limit stands in the way.
    const refused = await sendOutcome(
      onB.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "second_reply" }, content: "two" }),
    );
    expect(refused?.data).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", httpStatus: 429 });
    // The wait stated is the real bound: a reply still waiting for the provider gives up at the
    // first-token deadline (45 s by default), not "about 5 s".
    expect(refused?.data?.retryAfterMs).toBe(45_000);
    expect(refused?.message).toMatch(/already being written for you: .*gives up within 45 s/);
    // Nothing of the refused send was stored, and the first reply was left alone.
    expect(await deployment.database.prisma.chatSession.count({ where: { idempotencyKey: "second_reply" } })).toBe(0);

    // Another user is not limited by this one's reply.
    const other = await signUpOn(b.url);
    const theirs = await client(b.url, other.accessToken).chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "other_user" },
      content: "mine",
    });
    expect(theirs.reply?.messageId).toBeGreaterThan(0);

    expect((await firstEnds).done?.status).toBe("complete");
    // Once the first reply has ended, the same send is accepted.
    const again = await onB.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "second_reply" }, content: "two" });
    expect(again).toMatchObject({ createdSession: true, duplicate: false });
    const ended = await collectStream(onB, { sessionId: again.session.id, replyId: again.reply?.messageId });
    expect(ended.done?.status).toBe("complete");
  });

  it("counts a reply from the moment its send returns, before its first token", async () => {
    const { accessToken } = await signUpOn(b.url);
    const onA = client(a.url, accessToken);
    const first = await client(b.url, accessToken).chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: "written_on_b" },
      content: "one",
    });
    const refused = await sendOutcome(
      onA.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: "refused_on_a" }, content: "two" }),
    );
    expect(refused?.data?.appCode).toBe("RATE_LIMITED");
    expect(refused?.data?.retryAfterMs).toBeGreaterThan(0);
    await collectStream(onA, { sessionId: first.session.id, replyId: first.reply?.messageId });
  });

  it("holds under 50 sends at once, half on each instance, each in its own context: one reply, 49 refusals", async () => {
    const session = await signUpOn(a.url);
    const onA = client(a.url, session.accessToken);
    const onB = client(b.url, session.accessToken);
    const models = await Promise.all(Array.from({ length: 50 }, () => createModel(deployment.database.prisma, session.user.id)));
    const outcomes = await Promise.all(
      models.map((model, i) =>
        sendOutcome(
          (i % 2 === 0 ? onA : onB).chat.send.mutate({
            target: { context: { kind: "model", modelId: model.id }, idempotencyKey: `burst_${i}_of_50` },
            content: `send ${i}`,
          }),
        ),
      ),
    );
    const refusals = outcomes.filter((outcome): outcome is Refusal => outcome !== null);
    expect(refusals).toHaveLength(49);
    for (const refusal of refusals)
      expect(refusal.data).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", httpStatus: 429 });
    const prisma = deployment.database.prisma;
    expect(await prisma.chatSession.count({ where: { userId: session.user.id } })).toBe(1);
    const reply = await prisma.chatMessage.findFirstOrThrow({ where: { userId: session.user.id, role: "assistant" } });
    const [sessionId] = (await prisma.chatSession.findMany({ where: { userId: session.user.id }, select: { id: true } })).map(
      (row) => row.id,
    );
    await collectStream(onA, { sessionId: sessionId ?? -1, replyId: reply.id });
  });
});

describe("sign-in throttling across two instances", () => {
  it("counts wrong passwords on both instances together: past the limit, both answer 429 with when to retry", async () => {
    const session = await signUpOn(a.url);
    const onA = remoteClient(a.url);
    const onB = remoteClient(b.url);
    deployment.track(onA);
    deployment.track(onB);
    const attempt = (i: number) =>
      sendOutcome((i % 2 === 0 ? onA : onB).api.auth.signIn.mutate({ email: session.user.email, password: `wrong ${i}` }));
    const outcomes = [];
    for (let i = 0; i < defaultAbuseLimits.signInPerAccount.limit + 2; i++) outcomes.push(await attempt(i));
    const codes = outcomes.map((outcome) => outcome?.data?.appCode);
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(defaultAbuseLimits.signInPerAccount.limit);
    expect(codes.slice(-2)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    expect(outcomes.at(-1)?.data?.retryAfterMs).toBeGreaterThan(0);
  });
});
