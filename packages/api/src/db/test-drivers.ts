import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openMigratedDatabase } from "@parley/db";
import { createTestDatabase } from "@parley/db/testing";

/**
 * The two drivers a suite runs on when it must hold on both: PostgreSQL through the pool (a fresh
 * test database), and PGlite (a fresh embedded data dir), where every caller shares one connection.
 */
export const testDrivers = {
  postgres: async () => {
    const database = await createTestDatabase();
    return { database, drop: () => database.drop() };
  },
  pglite: async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "parley-driver-"));
    const database = await openMigratedDatabase({ dataDir });
    return { database, drop: () => database.close().then(() => rm(dataDir, { recursive: true, force: true })) };
  },
};
