import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./client.js";
import { openEmbedded } from "./embedded/open-embedded.js";
import { applyMigrations } from "./migrate/apply-migrations.js";
import { pgliteRunner, pgPoolRunner, type SqlRunner } from "./sql-runner.js";

export interface DatabaseConfig {
  /** PostgreSQL connection string; without it, embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolMax?: number;
}

export interface Database {
  prisma: PrismaClient;
  sql: SqlRunner;
  kind: "postgres" | "pglite";
  /** Where the data lives, for logs: the host and database, or the data dir. */
  location: string;
  /** The connection pool's state for metrics; PGlite has one in-process connection and no pool. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.poolMax ?? 10) : openPglite(config.dataDir);
}

function openPostgres(databaseUrl: string, poolMax: number): Database {
  // JIT off: the app's statements are short index reads whose row estimates can be far above what
  // they touch (a run's day of fills, none of them in range), and past jit_above_cost PostgreSQL
  // spent ~35 ms compiling for a 0.6 ms query (get_run_overview on a 1,000,000-fill run, p95 65 ms
  // with JIT, `pnpm bench ingest`). Nothing here is a long analytic scan that JIT would repay.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax, connectionTimeoutMillis: 5_000, options: "-c jit=off" });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const url = new URL(databaseUrl);
  return {
    prisma,
    sql: pgPoolRunner(pool),
    kind: "postgres",
    location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { pglite, close } = await openEmbedded(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    sql: pgliteRunner(pglite),
    kind: "pglite",
    location: dataDir,
    poolStats: () => null,
    async close() {
      await prisma.$disconnect();
      await close();
    },
  };
}

/** Opens the database and brings its schema up to date. */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await applyMigrations(database.sql);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
