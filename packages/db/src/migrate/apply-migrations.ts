import { randomUUID } from "node:crypto";
import type { SqlRunner } from "../sql-runner.js";
import { defaultMigrationsDir, readMigrations } from "./read-migrations.js";

// The key `prisma migrate deploy` itself locks, so this command and Prisma's never overlap.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The bookkeeping table exactly as Prisma creates it, so `prisma migrate status` reads ours.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does, recording each in
 * `_prisma_migrations`, but all in one transaction under Prisma's advisory lock: concurrent
 * appliers queue on the lock and the later ones find nothing left to do, and a failing
 * migration leaves the database as it was.
 */
export async function applyMigrations(sql: SqlRunner, dir = defaultMigrationsDir): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(dir);
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    await tx.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await tx.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const done = new Map<string, AppliedRow>();
    for (const row of rows) {
      if (row.rolled_back_at) continue;
      if (!row.finished_at) {
        throw new MigrationError(`migration ${row.migration_name} failed earlier and was never resolved`);
      }
      done.set(row.migration_name, row);
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was edited after it was applied`);
        }
        continue;
      }
      const id = randomUUID();
      await tx.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
        id,
        migration.checksum,
        migration.name,
      ]);
      try {
        await tx.exec(migration.script);
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await tx.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
      applied.push(migration.name);
    }
    return { applied };
  });
}
