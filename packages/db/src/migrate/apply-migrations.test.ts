import { cp, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../open-database.js";
import { pgPoolRunner } from "../sql-runner.js";
import { createEmptyTestDatabase } from "../testing/test-database.js";
import { applyMigrations, MigrationError } from "./apply-migrations.js";
import { defaultMigrationsDir, readMigrations } from "./read-migrations.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabasePool(max = 2) {
  const database = await createEmptyTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max });
  cleanups.push(
    () => database.drop(),
    () => pool.end(),
  );
  return pool;
}

async function copyOfMigrations() {
  const dir = await mkdtemp(join(tmpdir(), "parley-migrations-"));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("applyMigrations on PostgreSQL", () => {
  it("applies every migration once and records it as prisma migrate deploy does", async () => {
    const pool = await emptyDatabasePool();
    const migrations = await readMigrations();
    const first = await applyMigrations(pgPoolRunner(pool));
    expect(first.applied).toEqual(migrations.map((m) => m.name));

    const second = await applyMigrations(pgPoolRunner(pool));
    expect(second.applied).toEqual([]);

    const rows = await pool.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at, logs
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.rows).toHaveLength(migrations.length);
    rows.rows.forEach((row, index) => {
      expect(row.migration_name).toBe(migrations[index]?.name);
      expect(row.checksum).toBe(migrations[index]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    });
  });

  it("lets two concurrent appliers both succeed while each migration runs once", async () => {
    const pool = await emptyDatabasePool(4);
    const results = await Promise.all([applyMigrations(pgPoolRunner(pool)), applyMigrations(pgPoolRunner(pool))]);
    const names = (await readMigrations()).map((m) => m.name);
    expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([names, []]);
    const count = await pool.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(count.rows[0].n).toBe(names.length);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const pool = await emptyDatabasePool();
    const dir = await copyOfMigrations();
    await applyMigrations(pgPoolRunner(pool), dir);
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first?.name ?? "", "migration.sql"), `${first?.script}\n-- edited\n`);
    await expect(applyMigrations(pgPoolRunner(pool), dir)).rejects.toThrow(/edited after it was applied/);
  });

  it("leaves the database untouched when a migration fails", async () => {
    const pool = await emptyDatabasePool();
    const dir = await copyOfMigrations();
    await mkdir(join(dir, "29990101000000_broken"));
    await writeFile(join(dir, "29990101000000_broken", "migration.sql"), "CREATE TABLE oops (id int);\nSELECT nonsense FROM nowhere;");
    await expect(applyMigrations(pgPoolRunner(pool), dir)).rejects.toBeInstanceOf(MigrationError);
    const tables = await pool.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows[0].n).toBe(0);
  });
});

describe("applyMigrations on embedded PGlite", () => {
  it("migrates a new data dir and is a no-op the second time", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "parley-pglite-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await openDatabase({ dataDir });
    try {
      const first = await applyMigrations(database.sql);
      expect(first.applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(database.sql)).toEqual({ applied: [] });
      const user = await database.prisma.user.create({
        data: { email: "pglite@test.parley", passwordHash: "x", displayName: "P" },
      });
      expect(await database.prisma.user.findUnique({ where: { id: user.id } })).toMatchObject({ role: "user" });
    } finally {
      await database.close();
    }
  });
});
