import { Prisma } from "@parley/db";
import { contextCondition } from "../list-sessions.js";
import type { SearchInput } from "./schemas.js";
import { HEADLINE_FROM, HEADLINE_TO, HIT_END, HIT_START } from "./snippet.js";

/** Whose conversations: one user's (the signed-in user's own search) or, for admins, anyone's. */
export type SearchOwner = { userId: string } | { userId: null };

const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=35, MinWords=15`;

/** Conditions on the conversation (alias s): owner, scope, tags, archive state, not deleted. */
function sessionConditions(owner: SearchOwner, input: SearchInput): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`s.deleted_at IS NULL`];
  if (owner.userId) parts.push(Prisma.sql`s.user_id = ${owner.userId}::uuid`);
  // contextCondition speaks of model_id and run_id, which only chat_sessions has here.
  if (input.scope.kind !== "all") parts.push(Prisma.sql`TRUE ${contextCondition(input.scope)}`);
  if (input.tags.length > 0) parts.push(Prisma.sql`s.tags @> ${input.tags}::text[]`);
  if (input.archived === "exclude") parts.push(Prisma.sql`s.archived_at IS NULL`);
  if (input.archived === "only") parts.push(Prisma.sql`s.archived_at IS NOT NULL`);
  return Prisma.join(parts, " AND ");
}

function timeConditions(column: Prisma.Sql, input: SearchInput): Prisma.Sql {
  const from = input.from ? Prisma.sql`AND ${column} >= ${new Date(input.from)}` : Prisma.empty;
  const to = input.to ? Prisma.sql`AND ${column} <= ${new Date(input.to)}` : Prisma.empty;
  return Prisma.sql`${from} ${to}`;
}

/**
 * Where the matches come from. Row-level security keeps the GIN indexes out of reach: `@@` is
 * not leakproof, so PostgreSQL may not test it before the policies, and matched every one of
 * the user's rows one by one (2 s over a million messages, `pnpm bench search`). A user's own
 * search therefore matches through search_own_titles() and search_own_messages() (migration
 * search_matching_for_users): SECURITY DEFINER, so they use the indexes, and they return only
 * the signed-in user's matches (ids, rank, time). Admins, and benchmarks' bare baseline, match
 * the tables directly.
 */
function matches(owner: SearchOwner, matching: "own" | "tables") {
  if (matching === "own" && owner.userId) {
    return {
      titles: Prisma.sql`search_own_titles(q.query) t JOIN chat_sessions s ON s.id = t.session_id`,
      titleRank: Prisma.sql`t.rank`,
      titleMatch: Prisma.sql`TRUE`,
      messages: Prisma.sql`search_own_messages(q.query) m JOIN chat_sessions s ON s.id = m.session_id`,
      messageRank: Prisma.sql`m.rank`,
      messageMatch: Prisma.sql`TRUE`,
    };
  }
  const messageOwner = owner.userId ? Prisma.sql`AND m.user_id = ${owner.userId}::uuid` : Prisma.empty;
  return {
    titles: Prisma.sql`chat_sessions s`,
    titleRank: Prisma.sql`ts_rank(s.title_search, q.query)`,
    titleMatch: Prisma.sql`s.title_search @@ q.query`,
    messages: Prisma.sql`chat_messages m JOIN chat_sessions s ON s.id = m.session_id`,
    messageRank: Prisma.sql`ts_rank(m.content_search, q.query)`,
    messageMatch: Prisma.sql`m.content_search @@ q.query AND NOT m.off_branch ${messageOwner}`,
  };
}

/**
 * The hits, best first: titles and messages whose search document (generated columns, GIN
 * indexes) matches `websearch_to_tsquery`, ranked by ts_rank (a title counts double), newer first
 * among equals. Snippets are made only for the page's rows. Message hits are only messages on
 * the branch their conversation shows (chat_messages.off_branch): a hit on an older version would
 * open the conversation onto a message it does not show. `matching`: see `matches`; "tables"
 * for a user is the same search as plain SQL without row-level security (the bench's baseline).
 */
export function searchStatement(owner: SearchOwner, input: SearchInput, matching: "own" | "tables"): Prisma.Sql {
  const where = sessionConditions(owner, input);
  const from = matches(owner, matching);
  return Prisma.sql`
    WITH q AS (SELECT websearch_to_tsquery('english', ${input.query}) AS query),
    hits AS (
      SELECT s.id AS session_id, NULL::int AS message_id, 2 * ${from.titleRank} AS rank, s.activity_at AS at
        FROM q CROSS JOIN ${from.titles}
       WHERE ${from.titleMatch} AND ${where} ${timeConditions(Prisma.sql`s.activity_at`, input)}
      UNION ALL
      SELECT m.session_id, m.id, ${from.messageRank}, m.created_at
        FROM q CROSS JOIN ${from.messages}
       WHERE ${from.messageMatch} AND ${where} ${timeConditions(Prisma.sql`m.created_at`, input)}
       ORDER BY 3 DESC, 4 DESC, 2 DESC NULLS FIRST
       LIMIT ${input.limit + 1} OFFSET ${input.offset}
    )
    SELECT h.session_id, h.message_id, h.at, h.rank, m.role::text AS role, s.session_title, s.model_id, s.run_id,
           s.is_pinned, s.archived_at IS NOT NULL AS archived, s.tags, md.name AS model_name,
           ts_headline('english', translate(COALESCE(m.content, s.session_title), ${HEADLINE_FROM}, ${HEADLINE_TO}),
                       q.query, ${HEADLINE_OPTIONS}) AS snippet
      FROM hits h CROSS JOIN q
      JOIN chat_sessions s ON s.id = h.session_id
      LEFT JOIN chat_messages m ON m.id = h.message_id
      LEFT JOIN models md ON md.id = s.model_id AND md.user_id = s.user_id
     ORDER BY h.rank DESC, h.at DESC, h.message_id DESC NULLS FIRST`;
}
