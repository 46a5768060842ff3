import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";

// Plain SQL beside Prisma, for what Prisma cannot do: multi-statement migration scripts,
// catalog introspection, test setup, and the API's hot reads (packages/api/src/db/read-as-user.ts),
// which skip Prisma's per-statement cost. Both drivers implement it, so those paths are shared.
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
      // A connection whose ROLLBACK failed may still be inside this transaction, with its role
      // and settings: it is closed rather than handed to the next caller.
      let unusable: Error | undefined;
      try {
        await queryRows(client, "BEGIN");
        const result = await work(pgClientRunner(client));
        await queryRows(client, "COMMIT");
        return result;
      } catch (error) {
        await queryRows(client, "ROLLBACK").catch((rollbackError: unknown) => {
          unusable = rollbackError instanceof Error ? rollbackError : new Error("ROLLBACK failed");
        });
        throw error;
      } finally {
        client.release(unusable);
      }
    },
  };
}

/**
 * pg's callback form, wrapped in a promise. Its promise form (no callback) measurably keeps
 * results alive longer: a loop of pooled transactions promoted ~2.7 MB to the old generation
 * at every young-generation GC (5–8 ms pauses) with it, next to nothing (under 1 ms) with this,
 * and those pauses set the p95 of the API's hot reads (`pnpm bench conversation-api`).
 */
function queryRows<Row extends object>(client: pg.PoolClient, text: string, params: unknown[] = []): Promise<Row[]> {
  return new Promise<Row[]>((resolve, reject) => {
    client.query(text, params, (error: Error | undefined, result: pg.QueryResult) =>
      error ? reject(error) : resolve(result.rows as Row[]),
    );
  });
}

function pgClientRunner(client: pg.PoolClient): SqlRunner {
  return {
    query: (text, params) => queryRows(client, text, params),
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
