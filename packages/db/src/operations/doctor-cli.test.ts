import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDatabase } from "../open-database.js";
import { seedDemoData } from "../seed/seed-demo-data.js";
import { childEnvironment } from "../testing/env.js";
import { createTestDatabase, plantHealthProblems, type TestDatabase } from "../testing/index.js";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

// `pnpm run doctor` as an operator runs it, with only the database settings changed.
function doctor(settings: Record<string, string>, args: string[] = []) {
  return run(
    join(packageDir, "node_modules", ".bin", "tsx"),
    ["--conditions=@parley/source", "src/cli/doctor.ts", ...args],
    packageDir,
    settings,
  );
}

function run(command: string, args: string[], cwd: string, settings: Record<string, string>) {
  const env = childEnvironment();
  delete env.DATABASE_URL;
  const child = spawn(command, args, { cwd, env: { ...env, ...settings } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let clean: TestDatabase;
let planted: TestDatabase;
let problems: Awaited<ReturnType<typeof plantHealthProblems>>;

beforeAll(async () => {
  [clean, planted] = await Promise.all([createTestDatabase({ poolMax: 1 }), createTestDatabase({ poolMax: 1 })]);
  await seedDemoData(clean.prisma);
  problems = await plantHealthProblems(planted);
});
afterAll(async () => {
  await Promise.all([clean?.drop(), planted?.drop()]);
});

describe("pnpm run doctor", () => {
  it("exits 0 with nothing found on the seeded demo", async () => {
    const result = await doctor({ DATABASE_URL: clean.url });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("No problems found.");
    expect(result.stdout).not.toMatch(/\[(error|warning|notice)\]/);
  });

  it("reports each planted problem and exits 1", async () => {
    const result = await doctor({ DATABASE_URL: planted.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[error]   1 contexts with more than one active conversation");
    expect(result.stdout).toContain("[error]   1 conversations whose model no longer exists");
    expect(result.stdout).toContain("[notice]  1 conversations of deleted models");
    expect(result.stdout).toContain("[warning] 1 conversations over 60 messages without a summary");
    expect(result.stdout).toContain("[warning] 1 empty conversations older than 24 hours");
    expect(result.stdout).toContain("[warning] 1 replies streaming for more than 15 minutes");
    expect(result.stdout).toContain(`- conversation ${problems.emptyOld.id} (general)`);
    expect(result.stdout).toContain("5 problem(s) found. `pnpm run doctor --fix` can repair 1 of them.");
  });

  it("prints JSON with --json", async () => {
    const result = await doctor({ DATABASE_URL: planted.url }, ["--json", "--stuck-minutes", "30"]);
    const report = JSON.parse(result.stdout) as { problems: number; fixed: unknown; checks: Array<{ id: string; rows: unknown[] }> };
    expect(report.problems).toBe(4);
    expect(report.fixed).toBeNull();
    expect(report.checks.find((c) => c.id === "stuck-replies")?.rows).toEqual([]);
  });

  // The README's command for scripts, through pnpm from the repository root: pnpm's own
  // "> parley@ doctor" lines would break the JSON, and `-s` is how pnpm leaves them out.
  it("prints JSON alone on stdout through `pnpm -s run doctor --json`", async () => {
    const result = await run("pnpm", ["-s", "run", "doctor", "--json"], repoRoot, { DATABASE_URL: clean.url });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { problems: number; checks: unknown[] };
    expect(report).toMatchObject({ problems: 0, fixed: null });
    expect(report.checks).toHaveLength(6);
  });

  it("--fix removes only the empty old conversations and says so", async () => {
    const before = await planted.prisma.chatSession.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const result = await doctor({ DATABASE_URL: planted.url }, ["--fix"]);
    expect(result.stdout).toContain(`fixed: removed 1 empty conversation(s) older than 24 hours: ${problems.emptyOld.id}`);
    expect(result.stdout).toContain("[ok]      0 empty conversations older than 24 hours");
    expect(result.code).toBe(1); // the rest needs a person
    const after = await planted.prisma.chatSession.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    expect(after).toEqual(before.filter((s) => s.id !== problems.emptyOld.id));
  });

  it("refuses an unknown option with exit code 2", async () => {
    const result = await doctor({ DATABASE_URL: clean.url }, ["--frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: pnpm run doctor");
  });

  it("answers --json with JSON and exit code 2 when the database is not migrated", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "parley-doctor-bare-"));
    try {
      const result = await doctor({ PARLEY_DATA_DIR: dataDir }, ["--json"]);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toMatchObject({ database: { kind: "pglite" }, error: expect.stringContaining("chat_sessions") });
      expect(result.stderr).toContain("pnpm migrate");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  // The embedded database answers the same queries through another driver.
  it("checks the embedded database", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "parley-doctor-"));
    try {
      const embedded = await openMigratedDatabase({ dataDir: join(dataDir, "pglite") });
      await plantHealthProblems(embedded);
      await embedded.close();
      const result = await doctor({ PARLEY_DATA_DIR: dataDir }, ["--json"]);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { checks: Array<{ id: string; rows: Array<Record<string, unknown>> }> };
      const twins = report.checks.find((c) => c.id === "multiple-active")?.rows[0];
      expect(twins).toMatchObject({ activeCount: 2, conversationIds: [expect.any(Number), expect.any(Number)] });
      expect(report.checks.map((c) => c.rows.length)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
