import type { ConversationContext } from "@parley/api";
import { createRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type ApiClient, type TestServer } from "../harness.js";

// Concurrent requests that change which conversation of a context is active. The database allows
// one active conversation per context; the API must serialize the switches so that none of the
// requests fails because of another, and exactly one conversation ends up active.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

type ContextKind = ConversationContext["kind"];

/** A new user with a model and a run, and a client that sends one HTTP request per call. */
async function userWithContext(kind: ContextKind) {
  const person = await server.signUp();
  const api = server.client(person.accessToken, { batch: false });
  const model = await api.models.create.mutate(modelConfig);
  const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id });
  const contexts: Record<ContextKind, ConversationContext> = {
    general: { kind: "general" },
    model: { kind: "model", modelId: model.id },
    run: { kind: "run", modelId: model.id, runId: run.id },
  };
  return { api, userId: person.user.id, context: contexts[kind] };
}

async function sessionsOf(userId: string, context: ConversationContext) {
  const modelId = context.kind === "general" ? null : context.modelId;
  const runId = context.kind === "run" ? context.runId : null;
  return server.database.prisma.chatSession.findMany({
    where: { userId, modelId, runId },
    select: { id: true, isActive: true, messages: { where: { role: "user" }, select: { content: true } } },
  });
}

/** Settles every call and reports the failures by message, so a failing test says why. */
async function settleAll<T>(calls: Array<Promise<T>>) {
  const results = await Promise.allSettled(calls);
  const failures = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
  const values = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  return { values, failures };
}

async function startAndResume(api: ApiClient, context: ConversationContext) {
  const existing: number[] = [];
  for (let i = 0; i < 4; i++) existing.push((await api.sessions.startNew.mutate({ context })).id);
  let started = 0;
  const calls = Array.from({ length: 50 }, (_, i) => {
    const sessionId = existing[i % existing.length];
    if (i % 3 !== 0 && sessionId !== undefined) return api.sessions.resume.mutate({ sessionId });
    started++;
    return api.sessions.startNew.mutate({ context });
  });
  return { created: existing.length + started, ...(await settleAll(calls)) };
}

describe.each<ContextKind>(["general", "model", "run"])("concurrent switches in a %s context", (kind) => {
  it("50 mixed startNew and resume calls all succeed and leave exactly one active conversation", async () => {
    const { api, userId, context } = await userWithContext(kind);
    const { created, values, failures } = await startAndResume(api, context);
    expect(failures).toEqual([]);
    // Each call's answer is the conversation it made active, as of its own commit.
    expect(values.every((session) => session.isActive)).toBe(true);
    const sessions = await sessionsOf(userId, context);
    expect(sessions).toHaveLength(created);
    expect(sessions.filter((s) => s.isActive)).toHaveLength(1);
  });

  it("a send racing startNew leaves its conversation active, as its answer says", async () => {
    const { api, userId, context } = await userWithContext(kind);
    for (let round = 0; round < 5; round++) {
      const target = await api.sessions.startNew.mutate({ context });
      const send = api.chat.send.mutate({ target: { sessionId: target.id }, content: `round ${round}` });
      const others = Array.from({ length: 5 }, () => api.sessions.startNew.mutate({ context }));
      const { values, failures } = await settleAll<{ isActive: boolean }>([send.then((sent) => sent.session), ...others]);
      expect(failures).toEqual([]);
      expect(values.every((session) => session.isActive)).toBe(true);
    }
    expect((await sessionsOf(userId, context)).filter((s) => s.isActive)).toHaveLength(1);
  });

  it("20 concurrent first sends create 20 conversations, exactly one of them active", async () => {
    const { api, userId, context } = await userWithContext(kind);
    const calls = Array.from({ length: 20 }, (_, i) =>
      api.chat.send.mutate({ target: { context, idempotencyKey: `race_${kind}_${i}_key` }, content: `first words ${i}` }),
    );
    const { values, failures } = await settleAll(calls);
    expect(failures).toEqual([]);
    expect(values.every((sent) => sent.createdSession)).toBe(true);
    const sessions = await sessionsOf(userId, context);
    expect(sessions).toHaveLength(20);
    // Each first message in a conversation of its own (the assistant's reply is not counted).
    expect(sessions.map((s) => s.messages.length)).toEqual(sessions.map(() => 1));
    expect(sessions.filter((s) => s.isActive)).toHaveLength(1);
  });
});
