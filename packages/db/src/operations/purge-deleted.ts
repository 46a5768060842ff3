import type { Queryable } from "./queryable.js";

/** Must equal the API's undo window: a conversation is removed for good only once Undo has ended. */
export const DELETE_UNDO_WINDOW_SECONDS = 10;

/**
 * Removes for good the conversations deleted more than the undo window ago, their messages with
 * them (ON DELETE CASCADE), and the undo records that have expired. Each is one statement, so a
 * process that dies here leaves every conversation either pending (still undoable until its
 * window ends, then purged by the next run on any instance) or gone with all its messages. An
 * Undo racing the purge locks the same row: whichever commits first wins, the other sees it.
 * Run as the owner: row-level security hides deleted conversations from everyone else.
 */
export async function purgeDeletedConversations(db: Queryable): Promise<{ conversations: number }> {
  const conversations = await db.$executeRaw`
    DELETE FROM chat_sessions
     WHERE deleted_at IS NOT NULL AND deleted_at + make_interval(secs => ${DELETE_UNDO_WINDOW_SECONDS}) <= now()`;
  await db.$executeRaw`DELETE FROM session_undo_actions WHERE expires_at <= now()`;
  return { conversations };
}
