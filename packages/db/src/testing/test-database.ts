import { createHash } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../migrate/apply-migrations.js";
import { readMigrations } from "../migrate/read-migrations.js";
import { openDatabase, type Database } from "../open-database.js";
import { pgPoolRunner } from "../sql-runner.js";
import { testDatabaseAdminUrl } from "./env.js";

// Tests never touch the dev database: each file gets its own, cloned from a template that
// holds the current migrations (named by their checksums, so a new migration makes a new one).
const adminUrl = testDatabaseAdminUrl;
const TEMPLATE_LOCK_KEY = 5_270_101;

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureTemplate(): Promise<string> {
  const migrations = await readMigrations();
  const digest = createHash("sha256")
    .update(migrations.map((m) => m.checksum).join(","))
    .digest("hex")
    .slice(0, 12);
  const template = `parley_template_${digest}`;
  await withAdmin(async (admin) => {
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    try {
      const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
      if (found.rowCount) return;
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      await admin.query(`CREATE DATABASE "${building}"`);
      const pool = new pg.Pool({ connectionString: urlFor(building), max: 1 });
      try {
        await applyMigrations(pgPoolRunner(pool));
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
    }
  });
  return template;
}

let counter = 0;

/** A fresh, migrated PostgreSQL database for one test file or worker. */
export async function createTestDatabase(options: { poolMax?: number } = {}): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `parley_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = urlFor(name);
  const database = await openDatabase({ databaseUrl: url, dataDir: "", poolMax: options.poolMax ?? 10 });
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** An empty database (no migrations), for tests of the migrator itself. */
export async function createEmptyTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_empty_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    url: urlFor(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
