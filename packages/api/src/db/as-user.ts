import type { Prisma, PrismaClient } from "@parley/db";

/** What data-access functions take first: a client or a transaction. */
export type Db = Prisma.TransactionClient;

export interface Actor {
  id: string;
  role: "user" | "admin";
}

/**
 * Runs `work` in one transaction as the application's non-owner role with the user set, so
 * PostgreSQL's row-level security applies on top of the ownership checks in the queries
 * themselves: a query that forgets its `user_id` filter still sees only the user's rows.
 */
export function asUser<T>(prisma: PrismaClient, actor: Actor, work: (tx: Db) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('role', 'parley_app', true), set_config('app.user_id', ${actor.id}, true)`;
    return work(tx);
  });
}
