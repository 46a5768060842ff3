import type { Prisma, SqlRunner } from "@parley/db";
import type { Actor } from "./as-user.js";

/**
 * What a hot read takes first: one way to run a statement, composed with `Prisma.sql` as the
 * raw queries on the Prisma side are, so values are always sent as parameters.
 */
export interface Reader {
  query<Row extends object>(statement: Prisma.Sql): Promise<Row[]>;
}

/**
 * The hot-read path: `asUser`'s row-level security, over the pool's plain driver (the same pool,
 * or the same PGlite instance) instead of a Prisma interactive transaction, whose per-statement
 * machinery cost more than the query itself on the conversation list and message pages (see
 * apps/bench, conversation-api). Same role, same user, and a read-only transaction: work run
 * here can neither see another user's rows nor write anything. Writes, and reads that decide a
 * write, stay on `asUser`.
 */
export function readAsUser<T>(sql: SqlRunner, actor: Actor, work: (reader: Reader) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('role', 'parley_app', true), set_config('app.user_id', $1, true),
              set_config('transaction_read_only', 'on', true)`,
      [actor.id],
    );
    return work({ query: (statement) => tx.query(statement.text, statement.values) });
  });
}
