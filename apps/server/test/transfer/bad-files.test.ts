import { ImportFileError } from "@parley/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, type TestServer } from "../harness.js";
import { exportRecords, importText, plantConversations, toText } from "./plant.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const header = `${JSON.stringify({ format: "parley-conversations", version: 1, exportedAt: "2026-03-01T00:00:00.000Z" })}\n`;

describe("bad files", { timeout: 120_000 }, () => {
  it("refuses a file that is not an export, or of another version, with a typed error naming the line", async () => {
    const { api } = await server.signUp();
    const cases: [string, RegExp][] = [
      ["", /the file is empty/],
      ["not json at all\n", /line 1: not a Parley export: not JSON/],
      [`${JSON.stringify({ format: "chatgpt" })}\n`, /line 1: not a Parley export: the first line must say "format"/],
      [`${JSON.stringify({ format: "parley-conversations", version: 2 })}\n`, /line 1: export version 2 is not one this client reads/],
      ["\n\n{}[1,2]\n", /line 3: not a Parley export: not JSON/],
    ];
    for (const [text, message] of cases) {
      const error = await importText(api, text).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).message).toMatch(message);
    }
  });

  it("reports every bad conversation with its lines and reasons, and imports the good ones", async () => {
    const alice = await server.signUp();
    const bob = await server.signUp();
    await plantConversations(server.database.prisma, alice.user.id);
    const records = await exportRecords(alice.api);
    const [, first, ...rest] = records;
    const firstMessages = rest.slice(0, 8);
    const others = rest.slice(8);
    const broken = [
      first ?? {},
      { ...firstMessages[0], role: "robot" },
      { ...firstMessages[1], content: "nul \u0000 inside" },
      ...firstMessages.slice(2),
    ];
    const orphan = { ...(others[0] as object), id: 999_999, key: `import:${"a".repeat(40)}` };
    const orphanMessage = { ...(others[1] as object), conversationId: 999_999, id: 1_000_000, parentId: 123_456 };
    const text =
      header +
      '{"type":"message", broken\n' +
      toText(broken) +
      toText([orphan, orphanMessage]) +
      toText([{ type: "comment", text: "from the future" }, ...others]);
    const report = await importText(bob.api, text);
    const [bad, dangling, ...good] = report.conversations;
    expect(bad).toMatchObject({ status: "failed", line: 3, sessionId: null, messagesAdded: 0 });
    expect(bad?.reasons).toEqual([
      expect.stringMatching(/^line 4: role: Invalid option/),
      expect.stringMatching(/^line 5: content: Text cannot contain the NUL/),
    ]);
    expect(dangling).toMatchObject({ status: "failed", line: 12 });
    expect(dangling?.reasons).toEqual(["Message 1000000 follows message 123456, which is neither before it in the file nor imported"]);
    expect(report.problems).toEqual([
      { line: 2, message: expect.stringMatching(/^not JSON \(/) as string },
      { line: 14, message: 'unknown record type "comment": skipped' },
    ]);
    expect(good.map((outcome) => outcome.status)).toEqual(["imported", "imported"]);
    expect(report.totals).toMatchObject({ imported: 2, failed: 2, messagesAdded: 1 });
    // Nothing of a failed conversation was stored.
    expect(await server.database.prisma.chatSession.count({ where: { userId: bob.user.id } })).toBe(2);
  });

  it("answers bad batches and cursors with typed errors, never a 500", async () => {
    const { api } = await server.signUp();
    const part = (messages: number) => ({
      conversation: {
        type: "conversation",
        id: 1,
        key: `import:${"b".repeat(40)}`,
        context: { kind: "general" },
        title: "t",
        titleSource: "default",
        createdAt: "2026-03-01T00:00:00.000Z",
        pinned: false,
        archivedAt: null,
        tags: [],
        summary: null,
        currentLeafId: null,
      },
      messages: Array.from({ length: messages }, (_, i) => ({
        type: "message",
        conversationId: 1,
        id: i + 1,
        parentId: i || null,
        role: "user",
        content: "x",
        status: "complete",
        toolsUsed: [],
        promptTokens: null,
        completionTokens: null,
        aiModel: null,
        modelVersion: null,
        runFigures: null,
        error: null,
        createdAt: "2026-03-01T00:00:00.000Z",
        completedAt: null,
      })),
    });
    expect(await failureOf(api.sessions.importBatch.mutate({ parts: [] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(api.sessions.importBatch.mutate({ parts: Array.from({ length: 101 }, () => ({})) }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await failureOf(api.sessions.importBatch.mutate({ parts: [part(2_000), part(1)] }))).toMatchObject({ appCode: "TOO_LARGE" });
    const { items } = await api.sessions.importBatch.mutate({ parts: [part(2_001), "nonsense", part(0)] });
    expect(items[0]).toMatchObject({ status: "failed", reasons: ["messages: Too big: expected array to have <=2000 items"] });
    expect(items[1]).toMatchObject({ status: "failed", sourceId: null, reasons: ["Invalid input: expected object, received string"] });
    expect(items[2]).toMatchObject({ status: "imported", messagesAdded: 0 });
    for (const cursor of ["x", "1.2.3", "99999999999.1", "9999999999.1", "1.2147483648"])
      expect(await failureOf(api.sessions.exportPage.query({ cursor }))).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect(await failureOf(api.sessions.exportPage.query({ limit: 5_000 }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});
