import { purgeDeletedConversations } from "@parley/db/operations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, unchecked, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

async function person() {
  const signed = await server.signUp();
  const general = { kind: "general" } as const;
  const send = (content: string) => signed.api.chat.send.mutate({ target: { context: general, idempotencyKey: key() }, content });
  const listIds = async (input: object = {}) => (await signed.api.sessions.list.query(input)).items.map((item) => item.id);
  return { ...signed, send, listIds };
}

/** Ends the undo window now, as the clock would in ten seconds. */
async function endUndoWindow(sessionIds: number[]) {
  await server.database.prisma.$executeRaw`
    UPDATE chat_sessions SET deleted_at = now() - interval '1 minute' WHERE id = ANY(${sessionIds}::int[])`;
  await server.database.prisma.$executeRaw`UPDATE session_undo_actions SET expires_at = now() - interval '1 second'`;
}

describe("pin, archive, tags", () => {
  it("lists pinned conversations first and pages across them", async () => {
    const { api, send, listIds } = await person();
    const ids = [];
    for (const text of ["one", "two", "three", "four"]) ids.push((await send(text)).session.id);
    await api.sessions.bulk.mutate({ sessionIds: [ids[0] ?? 0, ids[2] ?? 0], action: { kind: "pin" } });
    expect(await listIds()).toEqual([ids[2], ids[0], ids[3], ids[1]]);
    const first = await api.sessions.list.query({ limit: 3 });
    const rest = await api.sessions.list.query({ limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...rest.items].map((item) => item.id)).toEqual([ids[2], ids[0], ids[3], ids[1]]);
    expect(first.items[0]?.isPinned).toBe(true);
  });

  it("archives out of the list, keeps archived ones listable and restores them", async () => {
    const { api, send, listIds } = await person();
    const kept = (await send("kept")).session.id;
    const archived = (await send("archived")).session.id;
    await api.sessions.bulk.mutate({ sessionIds: [archived], action: { kind: "archive" } });
    expect(await listIds()).toEqual([kept]);
    expect(await listIds({ archived: true })).toEqual([archived]);
    expect((await api.sessions.get.query({ sessionId: archived })).archivedAt).not.toBeNull();
    await api.sessions.bulk.mutate({ sessionIds: [archived], action: { kind: "unarchive" } });
    expect(await listIds()).toEqual([archived, kept]);
  });

  it("adds and removes tags, and filters the list by them", async () => {
    const { api, send, listIds } = await person();
    const a = (await send("a")).session.id;
    const b = (await send("b")).session.id;
    await api.sessions.bulk.mutate({ sessionIds: [a, b], action: { kind: "addTags", tags: ["risk", " ideas "] } });
    await api.sessions.bulk.mutate({ sessionIds: [b], action: { kind: "removeTags", tags: ["risk"] } });
    expect((await api.sessions.get.query({ sessionId: a })).tags).toEqual(["ideas", "risk"]);
    expect((await api.sessions.get.query({ sessionId: b })).tags).toEqual(["ideas"]);
    expect(await listIds({ tags: ["risk"] })).toEqual([a]);
    expect(new Set(await listIds({ tags: ["ideas"] }))).toEqual(new Set([a, b]));
  });

  it("changes all of a selection or none: another user's id fails the whole action", async () => {
    const { api, send } = await person();
    const other = await person();
    const mine = (await send("mine")).session.id;
    const theirs = (await other.send("theirs")).session.id;
    const failure = await failureOf(api.sessions.bulk.mutate({ sessionIds: [mine, theirs], action: { kind: "archive" } }));
    expect(failure.code).toBe("NOT_FOUND");
    expect((await api.sessions.get.query({ sessionId: mine })).archivedAt).toBeNull();
    expect((await other.api.sessions.get.query({ sessionId: theirs })).archivedAt).toBeNull();
  });

  it("refuses bad selections and tags with typed errors", async () => {
    const { api } = await person();
    const bad = [
      { sessionIds: [], action: { kind: "pin" } },
      { sessionIds: Array.from({ length: 501 }, (_, i) => i + 1), action: { kind: "pin" } },
      { sessionIds: [1], action: { kind: "addTags", tags: ["x".repeat(41)] } },
      { sessionIds: [1], action: { kind: "addTags", tags: ["a\u0000"] } },
      { sessionIds: [1], action: { kind: "explode" } },
    ];
    for (const input of bad) expect((await failureOf(api.sessions.bulk.mutate(unchecked(input)))).code).toBe("BAD_REQUEST");
  });
});

describe("delete with undo", () => {
  it("hides a deleted conversation everywhere at once and undo restores it exactly, active state included", async () => {
    const { api, send, listIds } = await person();
    const older = (await send("older")).session.id;
    const active = await send("the active one about hedging");
    await api.sessions.bulk.mutate({ sessionIds: [active.session.id], action: { kind: "pin" } });
    await api.sessions.bulk.mutate({ sessionIds: [active.session.id], action: { kind: "addTags", tags: ["keep"] } });
    const before = await api.sessions.get.query({ sessionId: active.session.id });
    const deleted = await api.sessions.delete.mutate({ sessionId: active.session.id });
    expect(await listIds()).toEqual([older]);
    expect((await failureOf(api.sessions.get.query({ sessionId: active.session.id }))).code).toBe("NOT_FOUND");
    expect((await failureOf(api.sessions.messages.query({ sessionId: active.session.id }))).code).toBe("NOT_FOUND");
    expect((await api.sessions.search.query({ query: "hedging" })).hits).toEqual([]);
    expect(await api.sessions.findActive.query({ context: { kind: "general" } })).toBeNull();
    const send2 = api.chat.send.mutate({ target: { sessionId: active.session.id }, content: "still there?" });
    expect((await failureOf(send2)).code).toBe("NOT_FOUND");
    // Meanwhile another conversation became the active one; undo gives the deleted one its place back.
    const newer = await api.sessions.startNew.mutate({ context: { kind: "general" } });
    expect(await api.sessions.undo.mutate({ undoId: deleted.undoId })).toEqual({ restored: [active.session.id] });
    expect(await api.sessions.get.query({ sessionId: active.session.id })).toEqual(before);
    expect((await api.sessions.get.query({ sessionId: newer.id })).isActive).toBe(false);
    const found = (await api.sessions.search.query({ query: "hedging" })).hits.map((hit) => hit.sessionId);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set([active.session.id]));
  });

  it("undoes a bulk action exactly: each conversation gets its own previous state", async () => {
    const { api, send } = await person();
    const a = (await send("a")).session.id;
    const b = (await send("b")).session.id;
    await api.sessions.bulk.mutate({ sessionIds: [a], action: { kind: "addTags", tags: ["x"] } });
    await api.sessions.bulk.mutate({ sessionIds: [b], action: { kind: "archive" } });
    const before = await Promise.all([a, b].map((sessionId) => api.sessions.get.query({ sessionId })));
    const tagged = await api.sessions.bulk.mutate({ sessionIds: [a, b], action: { kind: "addTags", tags: ["y"] } });
    const archived = await api.sessions.bulk.mutate({ sessionIds: [a, b], action: { kind: "archive" } });
    await api.sessions.undo.mutate({ undoId: archived.undoId });
    await api.sessions.undo.mutate({ undoId: tagged.undoId });
    const after = await Promise.all([a, b].map((sessionId) => api.sessions.get.query({ sessionId })));
    expect(after).toEqual(before);
  });

  it("removes the conversation and its messages for good when the window ends; undo then fails typed", async () => {
    const { api, send } = await person();
    const sent = await send("short-lived");
    const deleted = await api.sessions.bulk.mutate({ sessionIds: [sent.session.id], action: { kind: "delete" } });
    await endUndoWindow([sent.session.id]);
    await purgeDeletedConversations(server.database.prisma);
    expect(await server.database.prisma.chatSession.count({ where: { id: sent.session.id } })).toBe(0);
    expect(await server.database.prisma.chatMessage.count({ where: { sessionId: sent.session.id } })).toBe(0);
    expect(await failureOf(api.sessions.undo.mutate({ undoId: deleted.undoId }))).toMatchObject({
      appCode: "UNDO_EXPIRED",
      code: "PRECONDITION_FAILED",
    });
  });

  it("undoes once; someone else's undo id is refused; the purge leaves pending deletes alone", async () => {
    const { api, send } = await person();
    const other = await person();
    const sent = await send("twice");
    const deleted = await api.sessions.delete.mutate({ sessionId: sent.session.id });
    expect((await failureOf(other.api.sessions.undo.mutate({ undoId: deleted.undoId }))).appCode).toBe("UNDO_EXPIRED");
    await purgeDeletedConversations(server.database.prisma);
    await api.sessions.undo.mutate({ undoId: deleted.undoId });
    expect((await failureOf(api.sessions.undo.mutate({ undoId: deleted.undoId }))).appCode).toBe("UNDO_EXPIRED");
    expect((await api.sessions.get.query({ sessionId: sent.session.id })).id).toBe(sent.session.id);
  });
});
