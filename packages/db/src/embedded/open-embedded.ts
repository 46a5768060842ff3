import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock.js";

export interface EmbeddedPostgres {
  pglite: PGlite;
  close(): Promise<void>;
}

/** PGlite on a data dir that this process holds alone (see data-dir-lock.ts) until `close`. */
export async function openEmbedded(dataDir: string): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dataDir);
    return {
      pglite,
      async close() {
        await pglite.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
