import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, type CliRun } from "./run-cli.js";
import { startCliTestServer, type CliTestServer } from "./test-server.js";

const fixture = new URL("../../../packages/client/test-fixtures/chatgpt-conversations.json", import.meta.url).pathname;

let server: CliTestServer;
let dir: string;

beforeAll(async () => {
  server = await startCliTestServer();
  dir = await mkdtemp(join(tmpdir(), "parley-cli-chatgpt-"));
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function signedIn(name: string) {
  const person = await server.account();
  const configHome = join(dir, name);
  const login = await runCli(["--url", server.url, "login", "--email", person.email], { configHome, input: `${person.password}\n` });
  expect(login.code).toBe(0);
  return { ...person, configHome };
}

/** A ChatGPT-shaped export written piece by piece: each conversation a chain of `perConversation` messages plus one regenerated reply. */
async function writeChatGptFile(file: string, name: string, shape: { conversations: number; perConversation: number; size: number }) {
  const { conversations, perConversation, size } = shape;
  await pipeline(async function* () {
    yield "[";
    for (let c = 0; c < conversations; c++) {
      const mapping: Record<string, unknown> = { root: { id: "root", message: null, parent: null, children: [] } };
      let parent = "root";
      for (let m = 0; m < perConversation; m++) {
        const id = `n${m}`;
        const role = m % 2 ? "assistant" : "user";
        const content = { content_type: "text", parts: [`${c}/${m} ${"x".repeat(size)}`] };
        mapping[id] = { id, parent, children: [], message: { author: { role }, create_time: 1_700_000_000 + m, content } };
        parent = id;
      }
      mapping.regenerated = {
        parent: "n0",
        children: [],
        message: { author: { role: "assistant" }, create_time: 1_700_000_000.5, content: { content_type: "text", parts: ["again"] } },
      };
      yield `${c ? "," : ""}${JSON.stringify({ title: `${name} ${c}`, conversation_id: `${name}-${c}`, create_time: 1_700_000_000, current_node: parent, mapping })}`;
    }
    yield "]";
  }, createWriteStream(file));
}

async function peakOf(run: CliRun) {
  let peakKb = 0;
  const timer = setInterval(() => {
    void readFile(`/proc/${run.child.pid}/status`, "utf8")
      .then((status) => (peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))))
      .catch(() => undefined);
  }, 25);
  const result = await run.done.finally(() => clearInterval(timer));
  return { ...result, peakMb: peakKb / 1024 };
}

// A heap smaller than the file's text alone: JSON.parse of the whole file would run out of memory.
const nodeFlags = ["--max-old-space-size=48"];

describe("parley import of ChatGPT's conversations.json, and export --markdown", () => {
  it("streams a large ChatGPT file in with a heap smaller than the file, and adds nothing the second time", async () => {
    const person = await signedIn("large");
    const small = join(dir, "small.json");
    const large = join(dir, "large.json");
    await writeChatGptFile(small, "small", { conversations: 1, perConversation: 10, size: 4_000 });
    await writeChatGptFile(large, "large", { conversations: 40, perConversation: 200, size: 4_000 });
    const fileMb = (await stat(large)).size / 1024 / 1024;
    expect(fileMb).toBeGreaterThan(30);
    const importArgs = (file: string) => ["--url", server.url, "--json", "import", file];
    const smallRun = await peakOf(startCli(importArgs(small), { configHome: person.configHome, nodeFlags }));
    const largeRun = await peakOf(startCli(importArgs(large), { configHome: person.configHome, nodeFlags }));
    expect(largeRun.code, largeRun.stderr).toBe(0);
    const report = JSON.parse(largeRun.stdout) as { format: string; totals: Record<string, number> };
    expect(report.format).toBe("chatgpt");
    expect(report.totals).toEqual({ imported: 40, skipped: 0, failed: 0, messagesAdded: 40 * 201, messagesAlreadyThere: 0 });
    console.log(
      `ChatGPT import of ${fileMb.toFixed(1)} MB: peak ${largeRun.peakMb.toFixed(1)} MB (small file: ${smallRun.peakMb.toFixed(1)} MB)`,
    );
    expect(largeRun.peakMb - smallRun.peakMb).toBeLessThan(fileMb);

    const again = await runCli(importArgs(large), { configHome: person.configHome });
    expect((JSON.parse(again.stdout) as { totals: Record<string, number> }).totals).toMatchObject({ skipped: 40, messagesAdded: 0 });
    expect(await server.database.prisma.chatMessage.count({ where: { userId: person.userId } })).toBe(11 + 40 * 201);
  }, 300_000);

  it("prints a report per conversation of the fixture, and exports one conversation as Markdown", async () => {
    const person = await signedIn("fixture");
    const run = await runCli(["--url", server.url, "import", fixture], { configHome: person.configHome });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("1 imported, 1 skipped, 2 failed; 5 messages added, 0 already there.");
    expect(run.stdout).toContain('failed: conversation 2 "Broken mapping"');
    expect(run.stdout).toContain("  1 skipped: tool output");
    const id = /imported: conversation 1 "Position sizing" → conversation (\d+)/.exec(run.stdout)?.[1];
    expect(id).toBeDefined();

    const markdown = await runCli(["--url", server.url, "export", "--markdown", String(id)], { configHome: person.configHome });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^# Position sizing\n/);
    expect(markdown.stdout).toContain("### Assistant · 2025-12-05 02:01 UTC · gpt-4o\n\nA position of 5,000 risks 100");
    const mixed = await runCli(["--url", server.url, "export", "--general", String(id)], { configHome: person.configHome });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("not both");
  });
});
