import type { Actor, Db } from "../../db/as-user.js";
import { AppError, notFound } from "../../errors.js";
import { assertWritable, lockConversationContext } from "../../sessions/context-scope.js";

/** A message a branch action starts from, read under its conversation's lock. */
export interface BranchTarget {
  id: number;
  sessionId: number;
  parentId: number | null;
  role: "user" | "assistant";
  defaultAiModel: string | null;
  /** A reply of the conversation is still `streaming`. */
  replyInProgress: boolean;
  /** Replies being written for the user, in any conversation. */
  repliesWriting: number;
}

interface RawTarget {
  id: number;
  session_id: number;
  parent_id: number | null;
  role: "user" | "assistant";
  model_deleted_at: Date | null;
  default_ai_model: string | null;
  reply_in_progress: boolean;
  replies_writing: number;
}

async function readTarget(tx: Db, actor: Actor, messageId: number): Promise<RawTarget | null> {
  const [found] = await tx.$queryRaw<RawTarget[]>`
    SELECT m.id, m.session_id, m.parent_id, m.role::text AS role, md.deleted_at AS model_deleted_at, md.default_ai_model,
           EXISTS (SELECT 1 FROM chat_messages WHERE session_id = m.session_id AND status = 'streaming') AS reply_in_progress,
           (SELECT count(*)::int FROM chat_messages WHERE user_id = m.user_id AND status = 'streaming') AS replies_writing
      FROM chat_messages m
      JOIN chat_sessions s ON s.id = m.session_id
      LEFT JOIN models md ON md.id = s.model_id AND md.user_id = s.user_id
     WHERE m.id = ${messageId} AND m.user_id = ${actor.id}::uuid`;
  return found ?? null;
}

/**
 * The user's message `messageId` of role `role`, its conversation locked (the lock every send
 * takes) and writable. Someone else's message and a missing one give the same NOT_FOUND.
 */
export async function lockBranchTarget(tx: Db, actor: Actor, target: { messageId: number; role: "user" | "assistant" }) {
  const unlocked = await readTarget(tx, actor, target.messageId);
  if (!unlocked) throw notFound("Message");
  await lockConversationContext(tx, actor.id, unlocked.session_id);
  // Read again under the lock: a send or another action may have changed the conversation.
  const found = await readTarget(tx, actor, target.messageId);
  if (!found) throw notFound("Message");
  if (found.role !== target.role) {
    throw new AppError(
      "INVALID_INPUT",
      target.role === "user" ? "Only your own messages can be edited" : "Only a reply can be regenerated",
    );
  }
  assertWritable({ modelDeleted: found.model_deleted_at !== null });
  const branchTarget: BranchTarget = {
    id: found.id,
    sessionId: found.session_id,
    parentId: found.parent_id,
    role: found.role,
    defaultAiModel: found.default_ai_model,
    replyInProgress: found.reply_in_progress,
    repliesWriting: found.replies_writing,
  };
  return branchTarget;
}
