import { Prisma } from "@parley/db";
import type { Actor, Db } from "../../db/as-user.js";
import { notFound } from "../../errors.js";
import { UNDO_WINDOW_SECONDS, type BulkAction, type PreviousState } from "./schemas.js";

interface LockedRow {
  id: number;
  is_active: boolean;
  is_pinned: boolean;
  archived_at: Date | null;
  tags: string[];
  model_id: number | null;
  run_id: number | null;
}

/** The selected conversations, locked until the transaction ends; all of them, or NOT_FOUND. */
async function lockSelected(tx: Db, actor: Actor, ids: number[]): Promise<LockedRow[]> {
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT id, is_active, is_pinned, archived_at, tags, model_id, run_id FROM chat_sessions
     WHERE id = ANY(${unique}::int[]) AND user_id = ${actor.id}::uuid
     ORDER BY id FOR UPDATE`;
  // Someone else's id and a missing one answer alike, so ids cannot be probed.
  if (rows.length !== unique.length) throw notFound(unique.length === 1 ? "Conversation" : "One of the conversations");
  return rows;
}

function toPrevious(row: LockedRow): PreviousState {
  return {
    id: row.id,
    isActive: row.is_active,
    isPinned: row.is_pinned,
    archivedAt: row.archived_at?.toISOString() ?? null,
    tags: row.tags,
    modelId: row.model_id,
    runId: row.run_id,
    deleted: false,
  };
}

/** The change itself, as one statement over the selected ids. */
async function apply(tx: Db, ids: number[], action: BulkAction): Promise<void> {
  const where = Prisma.sql`WHERE id = ANY(${ids}::int[])`;
  switch (action.kind) {
    case "delete":
      await tx.$queryRaw`SELECT mark_sessions_deleted(${ids}::int[])`;
      return;
    case "archive":
      await tx.$executeRaw`UPDATE chat_sessions SET archived_at = COALESCE(archived_at, now()) ${where}`;
      return;
    case "unarchive":
      await tx.$executeRaw`UPDATE chat_sessions SET archived_at = NULL ${where}`;
      return;
    case "pin":
    case "unpin":
      await tx.$executeRaw`UPDATE chat_sessions SET is_pinned = ${action.kind === "pin"} ${where}`;
      return;
    case "addTags":
      await tx.$executeRaw`UPDATE chat_sessions
        SET tags = ARRAY(SELECT DISTINCT t FROM unnest(tags || ${action.tags}::text[]) AS t ORDER BY t) ${where}`;
      return;
    case "removeTags":
      await tx.$executeRaw`UPDATE chat_sessions
        SET tags = ARRAY(SELECT t FROM unnest(tags) AS t WHERE t <> ALL(${action.tags}::text[])) ${where}`;
  }
}

/**
 * Applies one action to every selected conversation in one transaction, and records what they
 * were so that `undoAction` can put it back within the window. A delete only hides them: the
 * purge removes them, with their messages, once the window has ended.
 */
export async function bulkAction(tx: Db, actor: Actor, input: { sessionIds: number[]; action: BulkAction }) {
  const rows = await lockSelected(tx, actor, input.sessionIds);
  const ids = rows.map((row) => row.id);
  await apply(tx, ids, input.action);
  const previous = rows.map((row) => ({ ...toPrevious(row), deleted: input.action.kind === "delete" }));
  const [undo] = await tx.$queryRaw<{ id: string; expires_at: Date }[]>`
    INSERT INTO session_undo_actions (user_id, action, previous, expires_at)
    VALUES (${actor.id}::uuid, ${input.action.kind}, ${JSON.stringify(previous)}::jsonb,
            now() + make_interval(secs => ${UNDO_WINDOW_SECONDS}))
    RETURNING id, expires_at`;
  if (!undo) throw new Error("the undo record was not stored");
  return { affected: ids.length, undoId: undo.id, undoUntil: undo.expires_at.toISOString() };
}
