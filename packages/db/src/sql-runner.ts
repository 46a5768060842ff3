import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";

// Plain SQL beside Prisma, for what Prisma cannot do: multi-statement migration scripts,
// catalog introspection and test setup. Both drivers implement it, so those paths are shared.
export interface SqlRunner {
  query<Row extends object>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgPoolRunner(pool: pg.Pool): SqlRunner {
  return {
    async query<Row extends object>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as Row[];
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(pgClientRunner(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function pgClientRunner(client: pg.PoolClient): SqlRunner {
  return {
    async query<Row extends object>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as Row[];
    },
    async exec(script) {
      await client.query(script);
    },
    transaction: (work) => work(pgClientRunner(client)),
  };
}

export function pgliteRunner(db: PGlite | PGliteTransaction): SqlRunner {
  return {
    async query<Row extends object>(text: string, params: unknown[] = []) {
      return (await db.query<Row>(text, params)).rows;
    },
    async exec(script) {
      await db.exec(script);
    },
    async transaction(work) {
      if (!("transaction" in db)) return work(pgliteRunner(db));
      return db.transaction((tx) => work(pgliteRunner(tx)));
    },
  };
}
