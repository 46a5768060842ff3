import { purgeDeletedConversations } from "@parley/db/operations";
import { createRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function userWithModel() {
  const person = await server.signUp();
  const model = await person.api.models.create.mutate(modelConfig);
  return { ...person, model };
}

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

describe("active conversation per context", () => {
  it("gets or creates the active conversation, then returns the same one", async () => {
    const { api, model } = await userWithModel();
    const first = await api.sessions.active.mutate({ context: { kind: "model", modelId: model.id } });
    const again = await api.sessions.active.mutate({ context: { kind: "model", modelId: model.id } });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ isActive: true, modelId: model.id, runId: null, title: "New conversation" });
  });

  it("finds the active conversation without creating one", async () => {
    const { api } = await userWithModel();
    expect(await api.sessions.findActive.query({ context: { kind: "general" } })).toBeNull();
    expect(await server.database.prisma.chatSession.count({ where: { userId: (await api.auth.me.query()).id } })).toBe(0);
    const created = await api.sessions.active.mutate({ context: { kind: "general" } });
    expect((await api.sessions.findActive.query({ context: { kind: "general" } }))?.id).toBe(created.id);
  });

  it("starts a new conversation and makes the previous one inactive", async () => {
    const { api } = await userWithModel();
    const first = await api.sessions.active.mutate({ context: { kind: "general" } });
    const second = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    expect(second.isActive).toBe(true);
    expect((await api.sessions.get.query({ sessionId: first.id })).isActive).toBe(false);
    const resumed = await api.sessions.resume.mutate({ sessionId: first.id });
    expect(resumed.isActive).toBe(true);
    expect((await api.sessions.get.query({ sessionId: second.id })).isActive).toBe(false);
  });

  it("keeps general, model and run contexts apart", async () => {
    const { api, model, user } = await userWithModel();
    const run = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    const general = await api.sessions.active.mutate({ context: { kind: "general" } });
    const modelSession = await api.sessions.active.mutate({ context: { kind: "model", modelId: model.id } });
    const runSession = await api.sessions.active.mutate({ context: { kind: "run", modelId: model.id, runId: run.id } });
    expect(new Set([general.id, modelSession.id, runSession.id]).size).toBe(3);
    const runList = await api.sessions.list.query({ filter: { kind: "run", modelId: model.id, runId: run.id } });
    expect(runList.items.map((s) => s.id)).toEqual([runSession.id]);
    const modelList = await api.sessions.list.query({ filter: { kind: "model", modelId: model.id } });
    expect(modelList.items.map((s) => s.id)).toEqual([modelSession.id]);
  });
});

describe("sending messages", () => {
  it("creates the conversation and stores the message in one step on the first send (ephemeral flow)", async () => {
    const { api, model } = await userWithModel();
    const before = await api.sessions.list.query({ filter: { kind: "model", modelId: model.id } });
    expect(before.items).toEqual([]);
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "What is this model configured for?",
    });
    expect(sent.createdSession).toBe(true);
    // BUG-016: the message lands in a conversation of that model, not a general one.
    // The user's message and the assistant message its reply is written into.
    expect(sent.session).toMatchObject({ modelId: model.id, runId: null, isActive: true, messageCount: 2 });
    expect(sent.reply).not.toBeNull();
    expect(sent.session.title).toBe("What is this model configured for?");
    const row = await server.database.prisma.chatMessage.findUniqueOrThrow({
      where: { id: sent.message.id },
      include: { session: true },
    });
    expect(row.session.modelId).toBe(model.id);
  });

  it("creates exactly one conversation when the first send is retried or double-clicked", async () => {
    const { api, model } = await userWithModel();
    const idempotencyKey = key();
    const send = () =>
      api.chat.send.mutate({ target: { context: { kind: "model", modelId: model.id }, idempotencyKey }, content: "hello" });
    const results = await Promise.all([send(), send(), send()]);
    expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results.filter((r) => r.createdSession)).toHaveLength(1);
    const count = await server.database.prisma.chatSession.count({ where: { modelId: model.id } });
    expect(count).toBe(1);
  });

  it("stores a retried message once when it carries the same client message id", async () => {
    const { api } = await userWithModel();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    const clientMessageId = key();
    const send = () => api.chat.send.mutate({ target: { sessionId: session.id }, content: "again?", clientMessageId });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.message.id).toBe(b.message.id);
    expect((await api.sessions.get.query({ sessionId: session.id })).messageCount).toBe(2);
    expect(a.reply?.messageId).toBe(b.reply?.messageId);
  });

  it("sending to an inactive conversation makes it the active one", async () => {
    const { api } = await userWithModel();
    const old = await api.sessions.active.mutate({ context: { kind: "general" } });
    await api.sessions.startNew.mutate({ context: { kind: "general" } });
    const sent = await api.chat.send.mutate({ target: { sessionId: old.id }, content: "back here" });
    expect(sent.session.isActive).toBe(true);
    const active = await api.sessions.list.query({ filter: { kind: "general" } });
    expect(active.items.filter((s) => s.isActive).map((s) => s.id)).toEqual([old.id]);
  });
});

describe("messages and listing", () => {
  it("returns the last 30 messages by default and scrolls back with `before`", async () => {
    const { api, user } = await userWithModel();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    await server.database.prisma.chatMessage.createMany({
      data: Array.from({ length: 75 }, (_, i) => ({
        sessionId: session.id,
        userId: user.id,
        role: i % 2 ? ("assistant" as const) : ("user" as const),
        content: `message ${i}`,
      })),
    });
    const last = await api.sessions.messages.query({ sessionId: session.id });
    expect(last.messages.map((m) => m.content)).toEqual(Array.from({ length: 30 }, (_, i) => `message ${45 + i}`));
    expect(last.hasOlder).toBe(true);
    const older = await api.sessions.messages.query({ sessionId: session.id, before: last.messages[0]?.id, limit: 50 });
    expect(older.messages).toHaveLength(45);
    expect(older.messages[0]?.content).toBe("message 0");
    expect(older.hasOlder).toBe(false);
    expect((await failureOf(api.sessions.messages.query({ sessionId: session.id, limit: 201 }))).code).toBe("BAD_REQUEST");
  });

  it("includes the summary when there is one", async () => {
    const { api } = await userWithModel();
    const session = await api.sessions.active.mutate({ context: { kind: "general" } });
    await server.database.prisma.chatSession.update({
      where: { id: session.id },
      data: { conversationSummary: "Earlier: we discussed stops.", summaryThroughMessageId: 10 },
    });
    const page = await api.sessions.messages.query({ sessionId: session.id });
    expect(page.summary).toEqual({ text: "Earlier: we discussed stops.", throughMessageId: 10 });
  });

  it("lists by most recent activity with keyset pagination and message counts", async () => {
    const { api } = await userWithModel();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const sent = await api.chat.send.mutate({
        target: { context: { kind: "general" }, idempotencyKey: key() },
        content: `conversation ${i}`,
      });
      ids.push(sent.session.id);
    }
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.sessions.list.query({ filter: { kind: "general" }, limit: 3, cursor });
      pages.push(...page.items.map((s) => s.id));
      expect(page.items.every((s) => s.messageCount === 2)).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([...ids].reverse());
  });

  it("lists every context together with `all`, each with the time of its last message", async () => {
    const { api, model } = await userWithModel();
    const general = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "one" });
    const empty = await api.sessions.startNew.mutate({ context: { kind: "model", modelId: model.id } });
    const inModel = await api.chat.send.mutate({ target: { sessionId: empty.id }, content: "two" });
    const all = await api.sessions.list.query({ filter: { kind: "all" } });
    expect(all.items.map((s) => s.id)).toEqual([inModel.session.id, general.session.id]);
    expect(all.items.map((s) => s.modelId)).toEqual([model.id, null]);
    const stored = await server.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: inModel.reply?.messageId ?? -1 } });
    expect(new Date(all.items[0]?.lastMessageAt ?? 0).getTime()).toBe(stored.createdAt.getTime());
    const untouched = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    expect((await api.sessions.get.query({ sessionId: untouched.id })).lastMessageAt).toBeNull();
  });

  it("renames and deletes, and a deleted conversation's messages are gone", async () => {
    const { api } = await userWithModel();
    const sent = await api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "hi" });
    const renamed = await api.sessions.rename.mutate({ sessionId: sent.session.id, title: "  My plan  " });
    expect(renamed).toMatchObject({ title: "My plan", titleSource: "user" });
    await api.sessions.delete.mutate({ sessionId: sent.session.id });
    expect((await failureOf(api.sessions.get.query({ sessionId: sent.session.id }))).code).toBe("NOT_FOUND");
    // Removed for good, messages included, once the undo window has ended.
    await server.database.prisma.$executeRaw`
      UPDATE chat_sessions SET deleted_at = now() - interval '1 minute' WHERE id = ${sent.session.id}`;
    await purgeDeletedConversations(server.database.prisma);
    expect(await server.database.prisma.chatMessage.count({ where: { sessionId: sent.session.id } })).toBe(0);
  });
});

describe("deleted models", () => {
  it("keeps their conversations listed and readable, marked, and refuses new messages", async () => {
    const { api, model } = await userWithModel();
    const sent = await api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() },
      content: "before deletion",
    });
    await api.models.delete.mutate({ modelId: model.id });
    expect((await api.models.list.query()).map((m) => m.id)).not.toContain(model.id);
    const listed = await api.sessions.list.query({ filter: { kind: "model", modelId: model.id } });
    expect(listed.items[0]).toMatchObject({ id: sent.session.id, modelDeleted: true });
    const page = await api.sessions.messages.query({ sessionId: sent.session.id });
    expect(page.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["before deletion"]);
    const refused = await failureOf(api.chat.send.mutate({ target: { sessionId: sent.session.id }, content: "after" }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", appCode: "MODEL_DELETED" });
    const ephemeral = await failureOf(
      api.chat.send.mutate({ target: { context: { kind: "model", modelId: model.id }, idempotencyKey: key() }, content: "x" }),
    );
    expect(ephemeral.appCode).toBe("MODEL_DELETED");
  });
});

describe("admins", () => {
  it("can list and read any user's conversations; others cannot", async () => {
    const owner = await userWithModel();
    const sent = await owner.api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: key() },
      content: "private words",
    });
    const admin = await server.signUp({ admin: true });
    const listed = await admin.api.admin.listSessions.query({ userId: owner.user.id });
    expect(listed.items.map((s) => s.id)).toEqual([sent.session.id]);
    const read = await admin.api.admin.sessionMessages.query({ sessionId: sent.session.id });
    expect(read.messages[0]?.content).toBe("private words");
    const stranger = await server.signUp();
    expect((await failureOf(stranger.api.admin.listSessions.query({}))).code).toBe("FORBIDDEN");
    expect((await failureOf(stranger.api.admin.sessionMessages.query({ sessionId: sent.session.id }))).code).toBe("FORBIDDEN");
  });
});

describe("paging while conversations move", () => {
  it("a conversation that gets a message while the list is paged is in no later page, and a fetch from the first page has it on top", async () => {
    const { api } = await server.signUp();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.sessions.startNew.mutate({ context: { kind: "general" } })).id);
    const first = await api.sessions.list.query({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    // The oldest one gets a message: it moves above the cursor.
    const oldest = ids[0] ?? -1;
    const sent = await api.chat.send.mutate({ target: { sessionId: oldest }, content: "news in an old conversation" });
    await api.chat.stop.mutate({ sessionId: sent.session.id });
    const rest = await api.sessions.list.query({ limit: 10, cursor: first.nextCursor ?? undefined });
    expect(rest.items.map((item) => item.id)).not.toContain(oldest);
    // The client's rule (packages/client/README.md, "Paging the conversation list"): from the first page again.
    const again = await api.sessions.list.query({ limit: 2 });
    expect(again.items[0]?.id).toBe(oldest);
  });
});
