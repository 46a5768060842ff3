import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirInUseError } from "../embedded/data-dir-lock.js";
import { openMigratedDatabase } from "../open-database.js";
import { childEnvironment } from "../testing/env.js";
import { seedDemoData } from "../seed/seed-demo-data.js";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves when the child's output matches, with the output so far; rejects when it exits. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`studio exited (${code}) before ${pattern}:\n${output}`)));
  });
}

let parentDir: string;
let dataDir: string;
let studio: ChildProcess;
let studioPort: number;

beforeAll(async () => {
  parentDir = await mkdtemp(join(tmpdir(), "parley-studio-"));
  dataDir = join(parentDir, "pglite");
  const seeded = await openMigratedDatabase({ dataDir });
  await seedDemoData(seeded.prisma);
  await seeded.close();
  studioPort = await freePort();
  const env: NodeJS.ProcessEnv = childEnvironment({ PARLEY_DATA_DIR: parentDir });
  delete env.DATABASE_URL;
  // `pnpm studio` as a user runs it on the embedded default, minus opening a browser.
  studio = spawn(
    join(packageDir, "node_modules", ".bin", "tsx"),
    ["--conditions=@parley/source", "src/cli/studio.ts", "--browser", "none", "--port", String(studioPort)],
    {
      cwd: packageDir,
      env,
    },
  );
  await waitForOutput(studio, /Prisma Studio is running/);
}, 90_000);

afterAll(async () => {
  if (studio && studio.exitCode === null) studio.kill("SIGKILL");
  await rm(parentDir, { recursive: true, force: true });
});

/** A statement through Studio's own backend, as its UI sends them. */
async function studioQuery(sql: string): Promise<unknown[]> {
  const response = await fetch(`http://127.0.0.1:${studioPort}/bff`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ procedure: "query", query: { parameters: [], sql } }),
  });
  const [error, rows] = (await response.json()) as [unknown, unknown[]];
  expect(error).toBeNull();
  return rows;
}

describe("pnpm studio on the embedded default", () => {
  it("shows the embedded database's data in Studio, statement after statement", async () => {
    const page = await fetch(`http://127.0.0.1:${studioPort}/`);
    expect(page.status).toBe(200);
    for (let round = 0; round < 3; round++) {
      expect(await studioQuery("select count(*)::int as models from models")).toEqual([{ models: 3 }]);
    }
    const [users] = (await studioQuery("select count(*)::int as users from users")) as Array<{ users: number }>;
    expect(users?.users).toBeGreaterThanOrEqual(2);
  });

  it("keeps the app off the data dir while it runs, with a clear error", async () => {
    const refused = await openMigratedDatabase({ dataDir }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as Error).message).toMatch(/in use by process \d+/);
  });

  it("closes the database when Studio is stopped, so the app can open it", async () => {
    const exited = new Promise((resolve) => studio.on("exit", resolve));
    studio.kill("SIGTERM");
    await exited;
    const reopened = await openMigratedDatabase({ dataDir });
    expect(await reopened.prisma.tradingModel.count()).toBe(3);
    await reopened.close();
  }, 30_000);
});
