import type { ConversationContext } from "@parley/api";
import { createRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { failureOf, MISSING_ID, modelConfig, startTestServer, type ApiClient, type TestServer } from "../harness.js";

// User B probes every id of user A's. Each answer must be NOT_FOUND and identical to the answer
// for an id that does not exist, so that B cannot even learn which ids are taken.

interface Ids {
  modelId: number;
  runId: number;
  generalSessionId: number;
  modelSessionId: number;
  runSessionId: number;
  messageId: number;
  replyId: number;
}

const missing: Ids = {
  modelId: MISSING_ID,
  runId: MISSING_ID + 1,
  generalSessionId: MISSING_ID + 2,
  modelSessionId: MISSING_ID + 3,
  runSessionId: MISSING_ID + 4,
  messageId: MISSING_ID + 5,
  replyId: MISSING_ID + 6,
};

/** A call by B with the given ids; `ownModelId` is B's own model, to mix with A's run. */
type Probe = (api: ApiClient, ids: Ids, ownModelId: number) => Promise<unknown>;

const modelContext = (ids: Ids) => ({ kind: "model" as const, modelId: ids.modelId });
const runContext = (ids: Ids) => ({ kind: "run" as const, modelId: ids.modelId, runId: ids.runId });
const mixedContext = (ids: Ids, own: number) => ({ kind: "run" as const, modelId: own, runId: ids.runId });
const key = () => `idor_${Math.random().toString(36).slice(2, 12)}`;

/** A subscription as a promise: its first event, or its error. */
function firstEvent(api: ApiClient, sessionId: number) {
  return new Promise<unknown>((resolve, reject) => {
    const subscription = api.chat.stream.subscribe(
      { sessionId },
      {
        onData(event) {
          subscription.unsubscribe();
          resolve(event);
        },
        onError(error) {
          subscription.unsubscribe();
          reject(error);
        },
      },
    );
  });
}

const probes: Array<[string, Probe]> = [
  ["models.get", (api, ids) => api.models.get.query({ modelId: ids.modelId })],
  ["models.update", (api, ids) => api.models.update.mutate({ modelId: ids.modelId, changes: { name: "Taken" } })],
  ["models.delete", (api, ids) => api.models.delete.mutate({ modelId: ids.modelId })],
  ["runs.list", (api, ids) => api.runs.list.query({ modelId: ids.modelId })],
  ["runs.get", (api, ids) => api.runs.get.query({ modelId: ids.modelId, runId: ids.runId })],
  ["runs.get under own model", (api, ids, own) => api.runs.get.query({ modelId: own, runId: ids.runId })],
  ["sessions.active (model)", (api, ids) => api.sessions.active.mutate({ context: modelContext(ids) })],
  ["sessions.active (run)", (api, ids) => api.sessions.active.mutate({ context: runContext(ids) })],
  ["sessions.active (own model, run)", (api, ids, own) => api.sessions.active.mutate({ context: mixedContext(ids, own) })],
  ["sessions.findActive (model)", (api, ids) => api.sessions.findActive.query({ context: modelContext(ids) })],
  ["sessions.findActive (run)", (api, ids) => api.sessions.findActive.query({ context: runContext(ids) })],
  ["sessions.findActive (own model, run)", (api, ids, own) => api.sessions.findActive.query({ context: mixedContext(ids, own) })],
  ["sessions.startNew (model)", (api, ids) => api.sessions.startNew.mutate({ context: modelContext(ids) })],
  ["sessions.startNew (run)", (api, ids) => api.sessions.startNew.mutate({ context: runContext(ids) })],
  ["sessions.startNew (own model, run)", (api, ids, own) => api.sessions.startNew.mutate({ context: mixedContext(ids, own) })],
  ["sessions.list (model)", (api, ids) => api.sessions.list.query({ filter: modelContext(ids) })],
  ["sessions.list (run)", (api, ids) => api.sessions.list.query({ filter: runContext(ids) })],
  ["sessions.list (own model, run)", (api, ids, own) => api.sessions.list.query({ filter: mixedContext(ids, own) })],
  ["sessions.resume", (api, ids) => api.sessions.resume.mutate({ sessionId: ids.generalSessionId })],
  ["sessions.get", (api, ids) => api.sessions.get.query({ sessionId: ids.modelSessionId })],
  ["sessions.messages", (api, ids) => api.sessions.messages.query({ sessionId: ids.runSessionId })],
  ["sessions.messages (before)", (api, ids) => api.sessions.messages.query({ sessionId: ids.generalSessionId, before: ids.messageId })],
  ["sessions.rename", (api, ids) => api.sessions.rename.mutate({ sessionId: ids.modelSessionId, title: "Mine now" })],
  ["sessions.delete", (api, ids) => api.sessions.delete.mutate({ sessionId: ids.runSessionId })],
  ["chat.send (session)", (api, ids) => api.chat.send.mutate({ target: { sessionId: ids.generalSessionId }, content: "hi" })],
  [
    "chat.send (model context)",
    (api, ids) => api.chat.send.mutate({ target: { context: modelContext(ids), idempotencyKey: key() }, content: "hi" }),
  ],
  [
    "chat.send (run context)",
    (api, ids) => api.chat.send.mutate({ target: { context: runContext(ids), idempotencyKey: key() }, content: "hi" }),
  ],
  [
    "chat.send (own model, run context)",
    (api, ids, own) => api.chat.send.mutate({ target: { context: mixedContext(ids, own), idempotencyKey: key() }, content: "hi" }),
  ],
  ["chat.stream", (api, ids) => firstEvent(api, ids.modelSessionId)],
  ["chat.stop", (api, ids) => api.chat.stop.mutate({ sessionId: ids.runSessionId })],
  ["chat.retry", (api, ids) => api.chat.retry.mutate({ messageId: ids.replyId })],
];

let server: TestServer;
let ownerId: string;
let owned: Ids;
let intruder: { api: ApiClient; userId: string; ownModelId: number };

async function ownersData() {
  const prisma = server.database.prisma;
  const [sessions, messages, model] = await Promise.all([
    prisma.chatSession.findMany({
      where: { userId: ownerId },
      orderBy: { id: "asc" },
      select: { id: true, sessionTitle: true, titleSource: true, isActive: true, messageCount: true, modelId: true, runId: true },
    }),
    prisma.chatMessage.count({ where: { userId: ownerId } }),
    prisma.tradingModel.findUniqueOrThrow({ where: { id: owned.modelId } }),
  ]);
  return { sessions, messages, model, runs: await prisma.tradingRun.count({ where: { userId: ownerId } }) };
}

async function seedOwner() {
  const owner = await server.signUp();
  const model = await owner.api.models.create.mutate(modelConfig);
  const run = await createRun(server.database.prisma, { id: model.id, userId: owner.user.id });
  const send = (context: ConversationContext, content: string) =>
    owner.api.chat.send.mutate({ target: { context, idempotencyKey: key() }, content });
  const general = await send({ kind: "general" }, "an older general conversation");
  await send({ kind: "general" }, "the active general conversation");
  const modelSession = await send({ kind: "model", modelId: model.id }, "about my model");
  const runSession = await send({ kind: "run", modelId: model.id, runId: run.id }, "about my run");
  // One reply at a time: the second message waits for the first reply (REPLY_IN_PROGRESS otherwise).
  await vi.waitFor(
    async () => {
      const reply = await server.database.prisma.chatMessage.findUnique({ where: { id: modelSession.reply?.messageId ?? -1 } });
      if (reply?.status === "streaming") throw new Error("the first reply is still streaming");
    },
    { timeout: 30_000, interval: 50 },
  );
  await owner.api.chat.send.mutate({ target: { sessionId: modelSession.session.id }, content: "a second message" });
  return {
    ownerId: owner.user.id,
    ids: {
      modelId: model.id,
      runId: run.id,
      generalSessionId: general.session.id,
      modelSessionId: modelSession.session.id,
      runSessionId: runSession.session.id,
      messageId: general.message.id,
      replyId: general.reply?.messageId ?? 0,
    },
  };
}

beforeAll(async () => {
  server = await startTestServer();
  ({ ownerId, ids: owned } = await seedOwner());
  const stranger = await server.signUp();
  const own = await stranger.api.models.create.mutate({ ...modelConfig, name: "Intruder's own" });
  intruder = { api: stranger.api, userId: stranger.user.id, ownModelId: own.id };
});
afterAll(async () => {
  await server.stop();
});

describe("another user's ids", () => {
  let before: Awaited<ReturnType<typeof ownersData>>;
  beforeAll(async () => {
    before = await ownersData();
  });

  it.each(probes)("%s: NOT_FOUND, exactly as for an id that does not exist", async (_name, probe) => {
    const theirs = await failureOf(probe(intruder.api, owned, intruder.ownModelId));
    const nobodys = await failureOf(probe(intruder.api, missing, intruder.ownModelId));
    expect(theirs).toMatchObject({ code: "NOT_FOUND", appCode: "NOT_FOUND", httpStatus: 404 });
    expect(theirs).toEqual(nobodys);
  });

  it("leaves the owner's data exactly as it was", async () => {
    const after = await ownersData();
    expect(after).toEqual(before);
    expect(after.model.deletedAt).toBeNull();
    expect(after.sessions.filter((s) => s.isActive)).toHaveLength(3);
    expect(await server.database.prisma.chatSession.count({ where: { userId: intruder.userId } })).toBe(0);
  });
});
