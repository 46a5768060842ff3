import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "parley-lock-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The pid of a process that has exited, so surely not alive now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the embedded data dir's lock", () => {
  it("refuses a second holder, naming the first, until it is released", async () => {
    const lock = await lockDataDir(dataDir);
    const refused = await lockDataDir(dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as DataDirInUseError).pid).toBe(process.pid);
    expect((refused as Error).message).toContain(`in use by process ${process.pid}`);
    await lock.release();
    const again = await lockDataDir(dataDir);
    await again.release();
  });

  it("takes over a lock whose process died", async () => {
    await writeFile(join(dataDir, "parley.pid"), String(deadPid()));
    const lock = await lockDataDir(dataDir);
    expect(await readFile(join(dataDir, "parley.pid"), "utf8")).toBe(String(process.pid));
    await lock.release();
  });

  it("release leaves a lock that another process took over alone", async () => {
    const lock = await lockDataDir(dataDir);
    await writeFile(join(dataDir, "parley.pid"), "1");
    await lock.release();
    expect(await readFile(join(dataDir, "parley.pid"), "utf8")).toBe("1");
  });
});
