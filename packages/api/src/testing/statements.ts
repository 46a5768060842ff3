import { Prisma } from "@parley/db";
import { archiveCondition } from "../sessions/list-sessions.js";
import type { SearchInput } from "../sessions/search/schemas.js";
import { searchStatement } from "../sessions/search/search-query.js";
import { sessionsQuery } from "../sessions/select-sessions.js";

// The statements procedures run, for benchmarks to time the same SQL bare beside the procedure.

export { searchStatement };
export { searchInput } from "../sessions/search/schemas.js";
export type { SearchInput };

/** sessions.list's first page of `limit` over every context, as listSessions composes it. */
export function listFirstPageStatement(userId: string, limit: number, archived = false): Prisma.Sql {
  return sessionsQuery(
    Prisma.sql`WHERE user_id = ${userId}::uuid ${archiveCondition(archived)} ORDER BY is_pinned DESC, activity_at DESC, id DESC LIMIT ${limit + 1}`,
  );
}
