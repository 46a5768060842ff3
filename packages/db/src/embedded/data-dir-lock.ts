import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * PGlite runs PostgreSQL inside one process with no shared memory or postmaster to arbitrate:
 * two processes (the app and `pnpm studio`, or two `pnpm start`s) writing one data dir corrupt
 * it. Its own postmaster.pid holds a fixed placeholder pid, so it cannot tell; this file can.
 */
const LOCK_FILE = "parley.pid";

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (a running Parley server, ` +
        `seed or studio). Stop that process first; if none is running, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = "DataDirInUseError";
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(file: string): Promise<number | null> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Takes the data dir for this process, or throws `DataDirInUseError` naming the live process
 * that holds it. A lock left by a process that died (a crash, SIGKILL) is taken over. The same
 * process opening the dir twice is refused too: two PGlite instances on one dir corrupt it alike.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return {
        async release() {
          if ((await readOwner(file)) === process.pid) await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readOwner(file);
    if (owner !== null && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    // Stale: its process is gone. Remove it and try once more; a racing opener that wins
    // the second `wx` makes us fail with its pid, as it should.
    await unlink(file).catch(() => undefined);
  }
  throw new DataDirInUseError(dataDir, (await readOwner(file)) ?? 0);
}
