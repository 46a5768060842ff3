import { Prisma } from "@parley/db";

// Messages form a tree (chat_messages.parent_id); a conversation shows one branch, from a first
// message down to chat_sessions.current_leaf_id. Everything that reads "the history" (the
// provider's prompt, the summary, titles, message pages) walks that branch up from its leaf with
// these fragments, so no reader can mix in another branch.

/** The shown branch's last message of conversation `s` (an alias): the stored leaf, else the newest. */
export const shownLeaf = (session: Prisma.Sql) =>
  Prisma.sql`COALESCE(${session}.current_leaf_id,
                      (SELECT max(id) FROM chat_messages WHERE session_id = ${session}.id))`;

export interface PathWalk {
  sessionId: number;
  /** Where the walk starts (included): a message id, or an SQL expression yielding one. */
  from: number | Prisma.Sql;
  /** At most this many messages. */
  limit?: number;
  /** Stop after this message (included; a message id, or SQL yielding one or null): where a summary ends. */
  stopAfter?: number | Prisma.Sql | null;
}

/**
 * A recursive CTE named `path` (put it after `WITH RECURSIVE`): the messages from `from` up
 * toward the first message, nearest first, each with its `depth` (1 for `from`). Each step is a
 * primary-key lookup, so a page of a long conversation costs its own length, not the whole.
 */
export function pathCte(walk: PathWalk): Prisma.Sql {
  const limit = walk.limit === undefined ? Prisma.empty : Prisma.sql`AND path.depth < ${walk.limit}`;
  const stop = walk.stopAfter ? Prisma.sql`AND path.id IS DISTINCT FROM (${walk.stopAfter})` : Prisma.empty;
  return Prisma.sql`path AS (
      SELECT m.*, 1 AS depth FROM chat_messages m WHERE m.id = (${walk.from}) AND m.session_id = ${walk.sessionId}
      UNION ALL
      SELECT m.*, path.depth + 1 FROM chat_messages m JOIN path ON m.id = path.parent_id
       WHERE TRUE ${limit} ${stop})`;
}

/**
 * The ids of message `m`'s versions (its siblings and itself, oldest first), for the `‹ 2/3 ›`
 * switcher. Two arms so that both use (session_id, parent_id, id).
 */
export const versionIds = (message: Prisma.Sql) => Prisma.sql`
  CASE WHEN ${message}.parent_id IS NULL
       THEN (SELECT array_agg(v.id ORDER BY v.id) FROM chat_messages v
              WHERE v.session_id = ${message}.session_id AND v.parent_id IS NULL)
       ELSE (SELECT array_agg(v.id ORDER BY v.id) FROM chat_messages v
              WHERE v.session_id = ${message}.session_id AND v.parent_id = ${message}.parent_id) END`;
