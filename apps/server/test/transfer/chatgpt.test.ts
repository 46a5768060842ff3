import { readFileSync } from "node:fs";
import { exportLines, exportMarkdown, ImportFileError, type ImportReport } from "@parley/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, startTestServer, type TestServer } from "../harness.js";
import { importFile } from "@parley/client";
import { importText } from "./plant.js";

// Written from the shape OpenAI's data export has (conversations.json): a branch, a system node,
// a tool call and its output, an unknown content type, a broken mapping, a conversation without id.
const fixture = readFileSync(new URL("../../../../packages/client/test-fixtures/chatgpt-conversations.json", import.meta.url), "utf8");

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const statuses = (report: ImportReport) => report.conversations.map((c) => [c.line, c.title, c.status, c.messagesAdded]);

describe("ChatGPT import", { timeout: 120_000 }, () => {
  it("imports the message tree into a general conversation and reports every conversation", async () => {
    const { api, user } = await server.signUp();
    const report = await importText(api, fixture);
    expect(report.format).toBe("chatgpt");
    expect(statuses(report)).toEqual([
      [1, "Position sizing", "imported", 5],
      [2, "Broken mapping", "failed", 0],
      [3, "No id", "failed", 0],
      [4, "Only instructions", "skipped", 0],
    ]);
    const [sizing, broken, noId, onlySystem] = report.conversations;
    expect(sizing?.reasons).toEqual([
      "1 skipped: system message",
      "1 skipped: tool call",
      "1 skipped: tool output",
      '1 skipped: content type "thoughts" is not one we import',
      "1 attachment left out",
    ]);
    expect(broken?.reasons).toEqual(["no mapping: the conversation's messages are missing"]);
    expect(noId?.reasons).toEqual(["no conversation_id: it could not be found again on a second import"]);
    expect(onlySystem?.reasons).toEqual(["no user or assistant message to import", "1 skipped: hidden from the conversation"]);
    expect(report.totals).toMatchObject({ imported: 1, skipped: 1, failed: 2, messagesAdded: 5 });

    const sessionId = sizing?.sessionId ?? 0;
    const stored = await server.database.prisma.chatSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(stored).toMatchObject({ userId: user.id, modelId: null, runId: null, isActive: false, sessionTitle: "Position sizing" });
    // The branch shown is the path to current_node; the first answer stays as the other version.
    const page = await api.sessions.messages.query({ sessionId });
    expect(page.messages.map((m) => m.content.slice(0, 20))).toEqual([
      "How big should one p",
      "Regenerated answer: ",
      "Compute it for a sto",
      "A position of 5,000 ",
    ]);
    expect(await server.database.prisma.chatMessage.count({ where: { sessionId } })).toBe(5);
  });

  it("adds nothing on a second import of the same file, and only the new messages from a newer export", async () => {
    const { api, user } = await server.signUp();
    await importText(api, fixture);
    const again = await importText(api, fixture);
    expect(statuses(again).map((row) => row[2])).toEqual(["skipped", "failed", "failed", "skipped"]);
    expect(again.conversations[0]?.reasons).toContain("Already imported: nothing new to add");
    expect(again.totals).toMatchObject({ messagesAdded: 0, messagesAlreadyThere: 5 });
    expect(await server.database.prisma.chatSession.count({ where: { userId: user.id } })).toBe(1);

    const newer = JSON.parse(fixture) as [{ mapping: Record<string, unknown>; current_node: string }];
    newer[0].mapping.later = {
      parent: "final",
      children: [],
      message: { author: { role: "user" }, create_time: 1764999999, content: { content_type: "text", parts: ["One more thing"] } },
    };
    newer[0].current_node = "later";
    const third = await importText(api, JSON.stringify(newer.slice(0, 1)));
    expect(third.conversations[0]).toMatchObject({ status: "imported", messagesAdded: 1, messagesAlreadyThere: 5 });
    const sessionId = third.conversations[0]?.sessionId ?? 0;
    const page = await api.sessions.messages.query({ sessionId });
    expect(page.messages.at(-1)?.content).toBe("One more thing");
    expect(page.messages).toHaveLength(5);
  });

  it("names what is wrong with a malformed file, and imports what came before a file's broken end", async () => {
    const { api } = await server.signUp();
    const refused: [string, RegExp][] = [
      ["[not json", /line 1: not a ChatGPT export: not valid JSON after 0 conversations/],
      ["  [{", /line 1: not a ChatGPT export: not valid JSON after 0 conversations/],
      ['{\n  "conversations": []\n}', /line 1: not a Parley export: not JSON/],
      ['{"conversations": []}', /line 1: not a Parley export: the first line must say "format"/],
    ];
    for (const [text, message] of refused) {
      const error = await importText(api, text).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).message).toMatch(message);
    }
    const elements = await importText(api, '[1, "two", null, []]');
    expect(elements.conversations.map((c) => c.status)).toEqual(["failed", "failed", "failed", "failed"]);
    expect(elements.conversations[0]?.reasons[0]).toMatch(/^not a conversation/);

    // What only the server refuses is reported too, named by field rather than by a line the file does not have.
    const nul = JSON.parse(fixture) as [{ title: string; conversation_id: string }];
    nul[0].title = "NUL \u0000 in the title";
    nul[0].conversation_id = "with-nul";
    const refusedByServer = await importText(api, JSON.stringify(nul.slice(0, 1)));
    expect(refusedByServer.conversations[0]).toMatchObject({ status: "failed", messagesAdded: 0 });
    expect(refusedByServer.conversations[0]?.reasons.at(-1)).toBe("title: Text cannot contain the NUL character (U+0000)");

    const first = JSON.stringify((JSON.parse(fixture) as unknown[])[0]);
    const cut = await importText(api, `[${first}, {"title": "cut off", "mapp`);
    expect(statuses(cut)).toEqual([[1, "Position sizing", "imported", 5]]);
    expect(cut.problems).toEqual([{ line: 2, message: expect.stringMatching(/^not valid JSON after 1 conversations/) as string }]);
  });

  it("stops a 1 GB file that never ends a conversation, nests without end or is blank, reading a bounded part of it", async () => {
    const { api } = await server.signUp();
    const first = JSON.stringify((JSON.parse(fixture) as unknown[])[0]);
    /** 1 GB of text after `prefix` if read to the end; counts what was read. */
    const gigabyte = (prefix: string, filler: string) => {
      const chunk = filler.repeat(Math.ceil((1024 * 1024) / filler.length)).slice(0, 1024 * 1024);
      const source = {
        read: 0,
        async *chunks() {
          yield prefix;
          for (let n = 0; n < 1024; n++) {
            source.read += chunk.length;
            yield chunk;
          }
        },
      };
      return source;
    };
    const rssBefore = process.memoryUsage().rss;
    const cases: Array<[string, string, RegExp, number]> = [
      ["[", " ", /line 1: not a ChatGPT export: conversation 1: longer than 64 MB of text: not read/, 70],
      ['[{"title": "', "x", /line 1: not a ChatGPT export: conversation 1: longer than 64 MB of text/, 70],
      ["[", '{"a": [', /line 1: not a ChatGPT export: conversation 1: nested more than 64 levels deep: not read/, 2],
      ["", " ", /line 1: the file starts with more than 1 MB of blank space: not an export/, 3],
      // Not an array: read as JSON Lines, whose one line of 1 GB is skipped unread, never held.
      ['{"conversations": ["', "y", /line 1: .*longer than 600000 characters/, 1025],
    ];
    for (const [prefix, filler, message, megabytesAtMost] of cases) {
      const file = gigabyte(prefix, filler);
      const error = await importFile(api, file.chunks()).catch((caught: unknown) => caught);
      expect(error, prefix).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).message).toMatch(message);
      expect(file.read / 1024 / 1024, prefix).toBeLessThanOrEqual(megabytesAtMost);
    }
    // What came before the endless conversation is imported and reported.
    const after = gigabyte(`[${first}, {"title": "endless`, "z");
    const report = await importFile(api, after.chunks());
    expect(statuses(report)).toEqual([[1, "Position sizing", "imported", 5]]);
    expect(report.problems).toEqual([
      { line: 2, message: expect.stringMatching(/^conversation 2: longer than 64 MB of text: not read$/) as string },
    ]);
    // The parser held at most one bounded conversation at a time, never the gigabyte.
    expect((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toBeLessThan(600);
  });

  it("exports a selection as Markdown and as JSON Lines, only the user's own, with the list capped", async () => {
    const alice = await server.signUp();
    const bob = await server.signUp();
    const report = await importText(alice.api, fixture);
    const sessionId = report.conversations[0]?.sessionId ?? 0;
    const other = await alice.api.sessions.startNew.mutate({ context: { kind: "general" } });

    let markdown = "";
    for await (const text of exportMarkdown(alice.api, { sessionIds: [sessionId] })) markdown += text;
    expect(markdown).toMatch(/^# Position sizing\n\n- Context: General\n- Started: 2025-12-05 02:00 UTC\n/);
    expect(markdown).toContain("- Messages: 4 on the branch shown (1 in other versions, not written here)");
    expect(markdown).toContain("Regenerated answer: risk at most 1% per trade.");
    expect(markdown).not.toContain("First answer");

    const lines: string[] = [];
    for await (const line of exportLines(alice.api, { sessionIds: [sessionId, other.id] })) lines.push(line);
    const records = lines.slice(1).map((line) => JSON.parse(line) as { type: string; id: number });
    expect(records.filter((r) => r.type === "conversation").map((r) => r.id)).toEqual([sessionId, other.id].sort((a, b) => a - b));
    expect(records).toHaveLength(2 + 5);

    // Another user's ids select nothing; the list is capped with a typed error.
    const stolen = await bob.api.sessions.exportPage.query({ sessionIds: [sessionId] });
    expect(stolen.records).toEqual([]);
    const tooMany = Array.from({ length: 501 }, (_, i) => i + 1);
    expect(await failureOf(alice.api.sessions.exportPage.query({ sessionIds: tooMany }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(alice.api.sessions.exportPage.query({ sessionIds: [] }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});
