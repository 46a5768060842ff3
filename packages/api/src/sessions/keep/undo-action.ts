import { z } from "zod";
import type { Actor, Db } from "../../db/as-user.js";
import { AppError } from "../../errors.js";
import { activateInContext } from "../active-session.js";
import { previousState, type PreviousState } from "./schemas.js";

const expired = () => new AppError("UNDO_EXPIRED", "This action can no longer be undone");

/** Writes one conversation back as it was (it is visible again by now). */
async function putBack(tx: Db, actor: Actor, state: PreviousState): Promise<void> {
  await tx.$executeRaw`UPDATE chat_sessions
     SET is_pinned = ${state.isPinned}, archived_at = ${state.archivedAt === null ? null : new Date(state.archivedAt)},
         tags = ${state.tags}::text[]
   WHERE id = ${state.id} AND user_id = ${actor.id}::uuid`;
  if (state.isActive) await activateInContext(tx, actor.id, state);
}

/**
 * Undoes a delete or bulk action within its window, exactly: deleted conversations come back,
 * and every conversation gets back its pin, archive state, tags and, if it was its context's
 * active one, that too. All or nothing: if the purge has already removed one, nothing changes.
 */
export async function undoAction(tx: Db, actor: Actor, undoId: string) {
  const [undo] = await tx.$queryRaw<{ previous: unknown }[]>`
    DELETE FROM session_undo_actions
     WHERE id = ${undoId}::uuid AND user_id = ${actor.id}::uuid AND expires_at > now()
    RETURNING previous`;
  if (!undo) throw expired();
  const states = z.array(previousState).parse(undo.previous);
  const deletedIds = states.filter((state) => state.deleted).map((state) => state.id);
  if (deletedIds.length > 0) {
    const [result] = await tx.$queryRaw<{ restored: number }[]>`SELECT restore_deleted_sessions(${deletedIds}::int[]) AS restored`;
    if (result?.restored !== deletedIds.length) throw expired();
  }
  const present = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM chat_sessions WHERE id = ANY(${states.map((state) => state.id)}::int[]) AND user_id = ${actor.id}::uuid`;
  const presentIds = new Set(present.map((row) => row.id));
  const kept = states.filter((state) => presentIds.has(state.id));
  for (const state of kept) await putBack(tx, actor, state);
  return { restored: kept.map((state) => state.id) };
}
