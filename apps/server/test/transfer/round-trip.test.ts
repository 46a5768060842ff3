import { createModel } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { exportRecords, importText, plantConversations, toText, withoutIds } from "./plant.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const countMessages = async (userId: string) => server.database.prisma.chatMessage.count({ where: { userId } });
const countSessions = async (userId: string) => server.database.prisma.chatSession.count({ where: { userId } });

// Each test writes and reads a few hundred rows; generous for a loaded machine.
describe("export → import", { timeout: 120_000 }, () => {
  it("gives another user identical conversations: messages, branches, summary, titles, tools, pins, tags, archive", async () => {
    const alice = await server.signUp();
    const bob = await server.signUp();
    await plantConversations(server.database.prisma, alice.user.id);
    const exported = await exportRecords(alice.api, { pageSize: 3 });
    expect(exported[0]).toMatchObject({ format: "parley-conversations", version: 1 });
    expect(exported.filter((record) => record.type === "message")).toHaveLength(9);
    // A reply's cost travels with it, to the eighth decimal.
    expect(exported.filter((record) => record.costUsd === 0.00012345)).toHaveLength(1);

    const report = await importText(bob.api, toText(exported), { maxBatchMessages: 4 });
    expect(report.totals).toEqual({ imported: 3, skipped: 0, failed: 0, messagesAdded: 9, messagesAlreadyThere: 0 });
    expect(report.problems).toEqual([]);

    const copy = await exportRecords(bob.api);
    expect(withoutIds(copy)).toEqual(withoutIds(exported));
    // The branch shown and its history read back as the original's, through the ordinary API.
    const [original, imported] = [report.conversations[0], report.conversations[0]].map((outcome, i) =>
      i ? outcome?.sessionId : outcome?.sourceId,
    );
    const page = (api: typeof alice.api, sessionId: number) => api.sessions.messages.query({ sessionId });
    const shown = (await page(alice.api, original ?? 0)).messages.map((m) => [m.role, m.content, m.status]);
    expect((await page(bob.api, imported ?? 0)).messages.map((m) => [m.role, m.content, m.status])).toEqual(shown);
    const bobs = await bob.api.sessions.get.query({ sessionId: imported ?? 0 });
    expect(bobs).toMatchObject({
      title: 'Stops "and" sizing ✓',
      titleSource: "user",
      isPinned: true,
      isActive: false,
      hasSummary: true,
      messageCount: 8,
    });
  });

  it("adds nothing twice: a second import skips every conversation, and a cut-short import resumes", async () => {
    const alice = await server.signUp();
    const carol = await server.signUp();
    await plantConversations(server.database.prisma, alice.user.id);
    const exported = await exportRecords(alice.api);
    // The first half of the file, as a dropped upload would leave it.
    const half = exported.slice(0, 7);
    const partial = await importText(carol.api, toText(half));
    expect(partial.totals.messagesAdded).toBe(5);
    const full = await importText(carol.api, toText(exported), { maxBatchMessages: 2 });
    expect(full.totals).toMatchObject({ failed: 0, messagesAdded: 4, messagesAlreadyThere: 5 });
    const again = await importText(carol.api, toText(exported));
    expect(again.totals).toEqual({ imported: 0, skipped: 3, failed: 0, messagesAdded: 0, messagesAlreadyThere: 9 });
    expect(again.conversations.every((outcome) => outcome.reasons.includes("Already imported: nothing new to add"))).toBe(true);
    expect(await countMessages(carol.user.id)).toBe(9);
    expect(await countSessions(carol.user.id)).toBe(3);
    expect(withoutIds(await exportRecords(carol.api))).toEqual(withoutIds(exported));

    // Exported again by the importer, the copy is a conversation of its own: a third user who
    // imports both files gets both, each whole, and neither twice.
    const dave = await server.signUp();
    const carols = toText(await exportRecords(carol.api));
    await importText(dave.api, carols);
    await importText(dave.api, toText(exported));
    expect((await importText(dave.api, carols)).totals.messagesAdded).toBe(0);
    expect(await countSessions(dave.user.id)).toBe(6);
    expect(await countMessages(dave.user.id)).toBe(18);
  });

  it("brought back to the same account, says the conversations are still here instead of copying them", async () => {
    const alice = await server.signUp();
    const { sessionIds } = await plantConversations(server.database.prisma, alice.user.id);
    const report = await importText(alice.api, toText(await exportRecords(alice.api)));
    expect(report.conversations.map((outcome) => [outcome.status, outcome.sessionId])).toEqual(sessionIds.map((id) => ["skipped", id]));
    expect(report.conversations[0]?.reasons[0]).toMatch(/still here/);
    expect(await countSessions(alice.user.id)).toBe(3);
  });

  it("exports one context, and a model conversation fails for a user without the model unless kept as general", async () => {
    const alice = await server.signUp();
    const bob = await server.signUp();
    await plantConversations(server.database.prisma, alice.user.id);
    const model = await createModel(server.database.prisma, alice.user.id);
    const session = await alice.api.sessions.startNew.mutate({ context: { kind: "model", modelId: model.id } });
    await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: alice.user.id, role: "user", content: "about my model" },
    });

    const modelOnly = await exportRecords(alice.api, { context: { kind: "model", modelId: model.id } });
    expect(modelOnly.slice(1).map((record) => record.type)).toEqual(["conversation", "message"]);
    // The configuration it is about travels with it: the model's latest version, whole.
    expect(modelOnly[1]).toMatchObject({
      context: { kind: "model", modelId: model.id },
      modelSettings: { version: 1, config: { name: model.name, buyingPower: 25_000, symbols: ["AAPL", "MSFT"] } },
    });
    expect(await exportRecords(alice.api, { context: { kind: "general" } })).toHaveLength(1 + 3 + 9);

    const refused = await importText(bob.api, toText(modelOnly));
    expect(refused.conversations[0]).toMatchObject({ status: "failed", sessionId: null });
    expect(refused.conversations[0]?.reasons[0]).toMatch(`model ${model.id} is not one of yours`);
    const kept = await importText(bob.api, toText(modelOnly), { unknownContext: "general" });
    expect(kept.conversations[0]).toMatchObject({ status: "imported", messagesAdded: 1 });
    expect(kept.conversations[0]?.reasons[0]).toMatch(/imported as a general conversation/);
    // Alice's own model is hers: her export imports into it (as a copy, the key differs per account).
    expect(await countSessions(bob.user.id)).toBe(1);
  });

  it("never exports another user's conversations", async () => {
    const alice = await server.signUp();
    const eve = await server.signUp();
    await plantConversations(server.database.prisma, alice.user.id);
    expect(await exportRecords(eve.api)).toHaveLength(1);
    const model = await createModel(server.database.prisma, alice.user.id);
    await expect(exportRecords(eve.api, { context: { kind: "model", modelId: model.id } })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });

  it("stores a reply that was still streaming at export as interrupted, and says so", async () => {
    const alice = await server.signUp();
    const bob = await server.signUp();
    const session = await server.database.prisma.chatSession.create({ data: { userId: alice.user.id } });
    await server.database.prisma.chatMessage.create({ data: { sessionId: session.id, userId: alice.user.id, role: "user", content: "q" } });
    await server.database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: alice.user.id, role: "assistant", content: "half an ans", status: "streaming" },
    });
    const report = await importText(bob.api, toText(await exportRecords(alice.api)));
    expect(report.conversations[0]?.reasons).toEqual(["1 replies still being written at export were stored as interrupted"]);
    const copy = await exportRecords(bob.api);
    expect(copy.at(-1)).toMatchObject({ content: "half an ans", status: "interrupted" });
  });
});
