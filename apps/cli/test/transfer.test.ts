import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, type CliRun } from "./run-cli.js";
import { startCliTestServer, type CliTestServer } from "./test-server.js";

let server: CliTestServer;
let dir: string;

beforeAll(async () => {
  server = await startCliTestServer();
  dir = await mkdtemp(join(tmpdir(), "parley-cli-transfer-"));
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A signed-in account with a config folder of its own. */
async function signedIn(name: string) {
  const person = await server.account();
  const configHome = join(dir, name);
  const login = await runCli(["--url", server.url, "login", "--email", person.email], { configHome, input: `${person.password}\n` });
  expect(login.code).toBe(0);
  return { ...person, configHome };
}

/** `conversations` conversations of `perConversation` messages of `size` characters each, written as the owner in a few statements. */
async function plant(userId: string, conversations: number, perConversation: number, size: number) {
  const prisma = server.database.prisma;
  for (let c = 0; c < conversations; c++) {
    const session = await prisma.chatSession.create({ data: { userId, isActive: false, sessionTitle: `Bulk ${c}`, titleSource: "user" } });
    // Without a parent, each message follows the one before it (the branch trigger).
    await prisma.$executeRaw`
      INSERT INTO chat_messages (session_id, user_id, role, content)
      SELECT ${session.id}, ${userId}::uuid, (CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END)::message_role,
             n || ' ' || repeat(md5(n::text), ${Math.ceil(size / 32)})
        FROM generate_series(0, ${perConversation - 1}) AS n`;
  }
}

/** Runs the CLI and samples its peak resident memory (VmHWM) until it exits. */
async function measured(run: CliRun) {
  let peakKb = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${run.child.pid}/status`, "utf8").catch(() => "");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakKb = Math.max(peakKb, kb);
  };
  const timer = setInterval(() => void sample(), 25);
  const result = await run.done.finally(() => clearInterval(timer));
  return { ...result, peakMb: peakKb / 1024 };
}

// A heap smaller than the large file's text and its parsed records together (33 MB each): a
// client that held the file, or the whole export, would run out of memory and fail.
const nodeFlags = ["--max-old-space-size=48"];

async function exportTo(person: { configHome: string }, file: string) {
  const run = startCli(["--url", server.url, "export"], { configHome: person.configHome, nodeFlags });
  const [result] = await Promise.all([measured(run), pipeline(run.child.stdout, createWriteStream(file))]);
  return result;
}

const importFrom = (person: { configHome: string }, file: string, extra: string[] = []) =>
  measured(startCli(["--url", server.url, "--json", "import", file, ...extra], { configHome: person.configHome, nodeFlags }));

describe("parley export / import", () => {
  it("streams a large export out and back in with memory that does not grow with the file, and re-imports nothing twice", async () => {
    const small = await signedIn("small");
    const large = await signedIn("large");
    const target = await signedIn("target");
    await plant(small.userId, 1, 10, 4_000);
    await plant(large.userId, 40, 200, 4_000);

    const smallFile = join(dir, "small.jsonl");
    const largeFile = join(dir, "large.jsonl");
    const smallExport = await exportTo(small, smallFile);
    const largeExport = await exportTo(large, largeFile);
    expect(largeExport.code).toBe(0);
    const largeBytes = (await stat(largeFile)).size;
    expect(largeBytes).toBeGreaterThan(30 * 1024 * 1024);

    const smallImport = await importFrom(target, smallFile);
    const largeImport = await importFrom(target, largeFile);
    expect(largeImport.code).toBe(0);
    const report = JSON.parse(largeImport.stdout) as { totals: Record<string, number> };
    expect(report.totals).toEqual({ imported: 40, skipped: 0, failed: 0, messagesAdded: 8_000, messagesAlreadyThere: 0 });
    const figures = {
      fileMb: +(largeBytes / 1024 / 1024).toFixed(1),
      exportPeakMb: { small: +smallExport.peakMb.toFixed(1), large: +largeExport.peakMb.toFixed(1) },
      importPeakMb: { small: +smallImport.peakMb.toFixed(1), large: +largeImport.peakMb.toFixed(1) },
    };
    console.log(`export/import of 8,000 messages: ${JSON.stringify(figures)}`);
    // One page (500 records of ~4 KB) or one batch at a time: the process grows by less than the file.
    expect(largeExport.peakMb - smallExport.peakMb).toBeLessThan(figures.fileMb);
    expect(largeImport.peakMb - smallImport.peakMb).toBeLessThan(figures.fileMb);

    const again = await importFrom(target, largeFile);
    expect((JSON.parse(again.stdout) as { totals: Record<string, number> }).totals).toEqual({
      imported: 0,
      skipped: 40,
      failed: 0,
      messagesAdded: 0,
      messagesAlreadyThere: 8_000,
    });
    expect(await server.database.prisma.chatMessage.count({ where: { userId: target.userId } })).toBe(8_010);
  }, 300_000);

  it("exports one context, and reports a bad file with its lines and a non-zero exit", async () => {
    const person = await signedIn("context");
    await plant(person.userId, 2, 3, 10);
    const general = await runCli(["--url", server.url, "export", "--general"], { configHome: person.configHome });
    expect(general.stdout.trim().split("\n")).toHaveLength(1 + 2 + 6);
    const notExport = join(dir, "not-export.jsonl");
    await pipeline(async function* () {
      yield '{"format":"something else"}\n';
    }, createWriteStream(notExport));
    const refused = await runCli(["--url", server.url, "import", notExport], { configHome: person.configHome });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('line 1: not a Parley export: the first line must say "format": "parley-conversations"');
    const missing = await runCli(["--url", server.url, "import", join(dir, "nope.jsonl")], { configHome: person.configHome });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
  });
});
