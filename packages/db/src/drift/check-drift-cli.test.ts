import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnvironment } from "../testing/env.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// `pnpm drift` as a user runs it, with only the database settings changed.
function runDriftCli(settings: Record<string, string>): Promise<CliResult> {
  const env = childEnvironment();
  delete env.DATABASE_URL;
  const child = spawn(join(packageDir, "node_modules", ".bin", "tsx"), ["--conditions=@parley/source", "src/cli/check-drift.ts"], {
    cwd: packageDir,
    env: { ...env, ...settings },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let db: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 1 });
  dataDir = await mkdtemp(join(tmpdir(), "parley-drift-cli-"));
});

afterAll(async () => {
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("pnpm drift", () => {
  it("exits 0 on a database that matches schema.prisma", async () => {
    const result = await runDriftCli({ DATABASE_URL: db.url });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("no drift");
  });

  it("prints each problem and exits 1 on a drifted database", async () => {
    await db.sql.exec(`CREATE TABLE audit_log (id integer); ALTER TABLE users ALTER COLUMN email DROP NOT NULL`);
    const result = await runDriftCli({ DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("- users.email: expected NOT NULL, found nullable");
    expect(result.stderr).toContain("- table audit_log: not in schema.prisma nor the drift allowlist");
  });

  // An empty embedded database: the check reports it as it is rather than migrating it first.
  it("checks the embedded database without migrating it", async () => {
    const result = await runDriftCli({ PARLEY_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pglite at ${join(dataDir, "pglite")}`);
    expect(result.stderr).toContain("- table users: missing");
  }, 60_000);
});
