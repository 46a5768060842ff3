import { Prisma } from "@parley/db";
import type { Actor } from "../db/as-user.js";
import type { Reader } from "../db/read-as-user.js";
import { AppError } from "../errors.js";
import { assertContextOwned } from "./context-scope.js";
import type { ConversationContext } from "./schemas.js";
import { selectSessions } from "./select-sessions.js";
import { toSessionOutput } from "./session-row.js";

export interface ListSessionsInput {
  filter: ConversationContext | { kind: "all" };
  cursor?: string | null | undefined;
  limit: number;
  /** The archived conversations instead of the list (which leaves them out). */
  archived?: boolean | undefined;
  /** Only conversations carrying every one of these tags. */
  tags?: string[] | undefined;
}

interface Keyset {
  pinned: boolean;
  activityAt: Date;
  id: number;
}

/** Keyset cursor: the (is_pinned, activity_at, id) of the last row of the previous page. */
function encodeCursor(last: Keyset): string {
  return Buffer.from(`${last.pinned ? 1 : 0}|${last.activityAt.toISOString()}|${last.id}`).toString("base64url");
}

const cursorFormat = /^([01])\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,10})$/;
const MAX_ID = 2_147_483_647;

/**
 * Accepts only what encodeCursor writes: a forged date or id outside the columns' ranges would
 * otherwise reach PostgreSQL and fail there, as a server error instead of bad input.
 */
function decodeCursor(cursor: string): Keyset {
  const match = cursorFormat.exec(Buffer.from(cursor, "base64url").toString());
  const activityAt = new Date(match?.[2] ?? "");
  const id = Number(match?.[3]);
  if (!match || Number.isNaN(activityAt.getTime()) || id > MAX_ID) {
    throw new AppError("INVALID_INPUT", "cursor: not a cursor this API returned");
  }
  return { pinned: match[1] === "1", activityAt, id };
}

/** The conversations of one context (or all), as a condition on chat_sessions' own columns. */
export function contextCondition(filter: ListSessionsInput["filter"]): Prisma.Sql {
  if (filter.kind === "all") return Prisma.empty;
  if (filter.kind === "general") return Prisma.sql`AND model_id IS NULL`;
  if (filter.kind === "model") return Prisma.sql`AND model_id = ${filter.modelId} AND run_id IS NULL`;
  return Prisma.sql`AND model_id = ${filter.modelId} AND run_id = ${filter.runId}`;
}

/** Listed (not archived) or archived; never a conversation being deleted (RLS hides those too). */
export function archiveCondition(archived: boolean | undefined): Prisma.Sql {
  return archived
    ? Prisma.sql`AND archived_at IS NOT NULL AND deleted_at IS NULL`
    : Prisma.sql`AND archived_at IS NULL AND deleted_at IS NULL`;
}

/** Conversations of the actor, pinned first, then by most recent activity, optionally of one context. */
export async function listSessions(reader: Reader, actor: Actor, input: ListSessionsInput) {
  const tags = input.tags?.length ? Prisma.sql`AND tags @> ${input.tags}::text[]` : Prisma.empty;
  const where = Prisma.sql`user_id = ${actor.id}::uuid ${contextCondition(input.filter)} ${archiveCondition(input.archived)} ${tags}`;
  const page = await pageSessions(reader, where, input);
  // A conversation of the actor's in the model (or run) proves the context is theirs: the keys
  // (model_id, user_id) → models and (run_id, model_id) → trading_runs hold it there. So only
  // an empty page needs the second statement, which tells "none yet" from NOT_FOUND.
  if (page.items.length === 0 && input.filter.kind !== "all" && input.filter.kind !== "general") {
    await assertContextOwned(reader, actor, input.filter);
  }
  return page;
}

/**
 * One page, pinned first, then by most recent activity. The row comparison walks an index on
 * (user_id, [model_id, run_id,] is_pinned DESC, activity_at DESC, id DESC) of the listed
 * conversations, so a page deep in the list costs the same as the first.
 */
export async function pageSessions(reader: Reader, where: Prisma.Sql, input: { cursor?: string | null | undefined; limit: number }) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const keyset = after ? Prisma.sql`AND (is_pinned, activity_at, id) < (${after.pinned}, ${after.activityAt}, ${after.id})` : Prisma.empty;
  const page = await selectSessions(
    reader,
    Prisma.sql`WHERE ${where} ${keyset} ORDER BY is_pinned DESC, activity_at DESC, id DESC LIMIT ${input.limit + 1}`,
  );
  const rows = page.slice(0, input.limit);
  const last = rows.at(-1);
  return {
    items: rows.map((row) => ({ ...toSessionOutput(row), userId: row.userId })),
    nextCursor: page.length > input.limit && last ? encodeCursor({ pinned: last.isPinned, ...last }) : null,
  };
}
