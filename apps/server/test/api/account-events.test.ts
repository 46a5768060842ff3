import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, type TestServer } from "../harness.js";
import { ofType, watchAccount } from "./account-events-support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;

describe("sync.events: one user's tabs and devices hear of each other's changes", () => {
  it("tells a second client of the same user every conversation and model change, and another user nothing", async () => {
    const person = await server.signUp();
    const otherDevice = watchAccount(server.client(person.accessToken));
    const stranger = await server.signUp();
    const strangerWatch = watchAccount(stranger.api);
    await Promise.all([otherDevice.started, strangerWatch.started]);

    const sent = await person.api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: key() }, content: "hello" });
    const sessionId = sent.session.id;
    await expect.poll(() => ofType(otherDevice, "session_created")).toEqual([{ type: "session_created", sessionIds: [sessionId] }]);
    // The title job writes the generated title after the reply: told as a change of title.
    await expect
      .poll(() => ofType(otherDevice, "session_updated").filter((e) => e.change === "title"), { timeout: 10_000 })
      .toEqual([{ type: "session_updated", sessionIds: [sessionId], change: "title" }]);

    await person.api.sessions.rename.mutate({ sessionId, title: "Renamed elsewhere" });
    await person.api.sessions.bulk.mutate({ sessionIds: [sessionId], action: { kind: "pin" } });
    await person.api.sessions.bulk.mutate({ sessionIds: [sessionId], action: { kind: "addTags", tags: ["work"] } });
    await person.api.sessions.bulk.mutate({ sessionIds: [sessionId, sessionId], action: { kind: "archive" } });
    const fresh = await person.api.sessions.startNew.mutate({ context: { kind: "general" } });
    await person.api.sessions.resume.mutate({ sessionId });
    const deleted = await person.api.sessions.delete.mutate({ sessionId });
    await person.api.sessions.undo.mutate({ undoId: deleted.undoId });
    const model = await person.api.models.create.mutate(modelConfig);
    await person.api.models.update.mutate({ modelId: model.id, changes: { name: "Edited on the laptop" } });
    await person.api.models.delete.mutate({ modelId: model.id });

    const expected = [
      { type: "session_updated", sessionIds: [sessionId], change: "rename" },
      { type: "session_updated", sessionIds: [sessionId], change: "pin" },
      { type: "session_updated", sessionIds: [sessionId], change: "tags" },
      { type: "session_updated", sessionIds: [sessionId], change: "archive" },
      { type: "session_created", sessionIds: [fresh.id] },
      { type: "session_activated", sessionId },
      { type: "session_deleted", sessionIds: [sessionId] },
      { type: "session_restored", sessionIds: [sessionId] },
      { type: "model_created", modelId: model.id },
      { type: "model_updated", modelId: model.id },
      { type: "model_deleted", modelId: model.id },
    ];
    const afterTitle = () =>
      otherDevice.events.slice(otherDevice.events.findIndex((e) => e.type === "session_updated" && e.change === "title") + 1);
    await expect.poll(afterTitle).toEqual(expected);

    // The stranger's own change reaches the stranger, which proves the watch works: it got nothing else.
    await stranger.api.models.create.mutate(modelConfig);
    await expect.poll(() => strangerWatch.events.length).toBe(1);
    expect(strangerWatch.events[0]?.type).toBe("model_created");
    expect(JSON.stringify(strangerWatch.events)).not.toContain(`${sessionId}`);
    otherDevice.stop();
    strangerWatch.stop();
  });

  it("announces nothing for a change that was refused", async () => {
    const person = await server.signUp();
    const stranger = await server.signUp();
    const theirs = await stranger.api.sessions.startNew.mutate({ context: { kind: "general" } });
    const watch = watchAccount(server.client(person.accessToken));
    await watch.started;
    expect(await failureOf(person.api.sessions.rename.mutate({ sessionId: theirs.id, title: "mine now" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failureOf(person.api.sessions.delete.mutate({ sessionId: theirs.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(person.api.sessions.resume.mutate({ sessionId: theirs.id }))).toMatchObject({ code: "NOT_FOUND" });
    // A change of the person's own afterwards arrives, and is the only thing that did.
    await person.api.models.create.mutate(modelConfig);
    await expect.poll(() => watch.events.map((e) => e.type)).toEqual(["model_created"]);
    watch.stop();
  });

  it("announces a get-or-create only when it created, and an import only when it stored something", async () => {
    const person = await server.signUp();
    const watch = watchAccount(server.client(person.accessToken));
    await watch.started;
    const active = await person.api.sessions.active.mutate({ context: { kind: "general" } });
    expect((await person.api.sessions.active.mutate({ context: { kind: "general" } })).id).toBe(active.id);
    const part = importedConversation(`import:${"c".repeat(40)}`);
    const [imported] = (await person.api.sessions.importBatch.mutate({ parts: [part] })).items;
    expect(imported).toMatchObject({ status: "imported", messagesAdded: 1 });
    expect((await person.api.sessions.importBatch.mutate({ parts: [part] })).items[0]?.status).toBe("skipped");
    expect((await person.api.sessions.importBatch.mutate({ parts: ["nonsense"] })).items[0]?.status).toBe("failed");
    const model = await person.api.models.create.mutate(modelConfig);
    await expect
      .poll(() => watch.events)
      .toEqual([
        { type: "session_created", sessionIds: [active.id] },
        { type: "session_created", sessionIds: [imported?.sessionId] },
        { type: "model_created", modelId: model.id },
      ]);
    watch.stop();
  });

  it("refuses a subscriber without a session or with an API key", async () => {
    const anonymous = watchAccount(server.client());
    expect(await anonymous.error).toMatchObject({ data: { code: "UNAUTHORIZED" } });
    const person = await server.signUp();
    const { secret } = await person.api.keys.create.mutate({ name: "dashboard", scopes: ["read"] });
    const program = watchAccount(server.client(secret));
    expect(await program.error).toMatchObject({ data: { code: "FORBIDDEN" } });
  });

  it("lets go of every listener when subscribers stop or their sockets close, many at once included", async () => {
    const person = await server.signUp();
    const watches = Array.from({ length: 15 }, () => watchAccount(server.client(person.accessToken)));
    await Promise.all(watches.map((watch) => watch.started));
    expect(server.bus.userListeners()).toBeGreaterThanOrEqual(15);
    await person.api.models.create.mutate(modelConfig);
    await expect.poll(() => watches.every((watch) => watch.events.length === 1)).toBe(true);
    for (const watch of watches) watch.stop();
    await expect.poll(() => server.bus.userListeners()).toBe(0);
  });
});

/** One conversation of an export file, with one message (docs/EXPORT_FORMAT.md). */
function importedConversation(key: string) {
  const at = "2026-03-01T00:00:00.000Z";
  return {
    conversation: {
      ...{ type: "conversation", id: 1, key, context: { kind: "general" }, title: "Imported", titleSource: "user", createdAt: at },
      ...{ pinned: false, archivedAt: null, tags: [], summary: null, currentLeafId: null },
    },
    messages: [
      {
        ...{ type: "message", conversationId: 1, id: 1, parentId: null, role: "user", content: "from the file", status: "complete" },
        ...{ toolsUsed: [], promptTokens: null, completionTokens: null, aiModel: null, modelVersion: null, runFigures: null },
        ...{ error: null, createdAt: at, completedAt: null },
      },
    ],
  };
}
