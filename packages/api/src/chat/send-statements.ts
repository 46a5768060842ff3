import { Prisma } from "@parley/db";
import type { Actor, Db } from "../db/as-user.js";
import { shownLeaf } from "./branches/branch-sql.js";
import { toSessionRow, type RawSession, type SessionRowWithOwner } from "../sessions/select-sessions.js";

// The send's statements, each doing what used to take several round trips. They run on the
// send's transaction as the user (row-level security applies) and after the context's lock,
// so what they read cannot change before the send commits.

/** What a send into an existing conversation decides on. */
export interface ConversationForSend {
  row: SessionRowWithOwner;
  defaultAiModel: string | null;
  /** A reply of the conversation is still `streaming`. */
  replyInProgress: boolean;
  /** Replies being written for the user, in any conversation, on any instance. */
  repliesWriting: number;
  /** The message a retried send already stored (same client message id), if any. */
  duplicateId: number | null;
  /** The last message of the branch shown, which the new question follows (null when empty). */
  leafId: number | null;
}

interface SendChecks {
  leaf_id: number | null;
  default_ai_model: string | null;
  reply_in_progress: boolean;
  replies_writing: number;
  duplicate_id: number | null;
}

const repliesWriting = (userId: Prisma.Sql) =>
  Prisma.sql`(SELECT count(*)::int FROM chat_messages WHERE user_id = ${userId} AND status = 'streaming')`;

/** The user's conversation `sessionId` as a send needs it, in one statement; null if not theirs. */
export async function readConversationForSend(
  tx: Db,
  actor: Actor,
  target: { sessionId: number; clientMessageId: string | null },
): Promise<ConversationForSend | null> {
  // Flat rather than built on sessionsQuery: planning, not running, is most of this statement's time.
  const [found] = await tx.$queryRaw<Array<RawSession & SendChecks>>`
    SELECT s.id, s.user_id, s.session_title, s.title_source::text AS title_source, s.is_active, s.model_id, s.run_id,
           s.message_count, s.conversation_summary, s.summary_through_message_id, s.created_at, s.last_message_at,
           s.activity_at, s.is_pinned, s.archived_at, s.tags, m.name AS model_name, m.deleted_at AS model_deleted_at, m.default_ai_model,
           EXISTS (SELECT 1 FROM chat_messages WHERE session_id = s.id AND status = 'streaming') AS reply_in_progress,
           ${repliesWriting(Prisma.sql`s.user_id`)} AS replies_writing, ${shownLeaf(Prisma.sql`s`)} AS leaf_id,
           (SELECT id FROM chat_messages WHERE session_id = s.id AND client_message_id = ${target.clientMessageId}) AS duplicate_id
      FROM chat_sessions s
      LEFT JOIN models m ON m.id = s.model_id AND m.user_id = s.user_id
     WHERE s.id = ${target.sessionId} AND s.user_id = ${actor.id}::uuid`;
  if (!found) return null;
  return {
    row: toSessionRow(found),
    defaultAiModel: found.default_ai_model,
    replyInProgress: found.reply_in_progress,
    repliesWriting: found.replies_writing,
    duplicateId: found.duplicate_id,
    leafId: found.leaf_id,
  };
}

/** A context (its ids as given, not yet checked) as a first send in it needs it. */
export interface ContextForSend {
  /** The model, when it is the user's. */
  model: { name: string; deletedAt: Date | null; defaultAiModel: string } | null;
  runFound: boolean;
  /** The conversation an earlier attempt with the same idempotency key created. */
  retriedId: number | null;
  /** That conversation belongs to another context than the one asked for (the key was reused). */
  retriedElsewhere: boolean;
  /** The context's active conversation, which the new one replaces. */
  activeId: number | null;
  repliesWriting: number;
}

interface RawContext {
  model_name: string | null;
  model_deleted_at: Date | null;
  default_ai_model: string | null;
  run_found: boolean;
  retried_id: number | null;
  retried_elsewhere: boolean | null;
  active_id: number | null;
  replies_writing: number;
}

export async function readContextForSend(
  tx: Db,
  actor: Actor,
  context: { modelId: number | null; runId: number | null; idempotencyKey: string },
): Promise<ContextForSend> {
  const userId = Prisma.sql`${actor.id}::uuid`;
  const modelId = Prisma.sql`${context.modelId}::int`;
  const runId = Prisma.sql`${context.runId}::int`;
  const [found] = await tx.$queryRaw<RawContext[]>`
    SELECT m.name AS model_name, m.deleted_at AS model_deleted_at, m.default_ai_model,
           EXISTS (SELECT 1 FROM trading_runs WHERE id = ${runId} AND model_id = ${modelId} AND user_id = ${userId}) AS run_found,
           retried.id AS retried_id,
           (COALESCE(retried.model_id, 0), COALESCE(retried.run_id, 0))
             IS DISTINCT FROM (COALESCE(${modelId}, 0), COALESCE(${runId}, 0)) AS retried_elsewhere,
           (SELECT id FROM chat_sessions
             WHERE user_id = ${userId} AND COALESCE(model_id, 0) = COALESCE(${modelId}, 0)
               AND COALESCE(run_id, 0) = COALESCE(${runId}, 0) AND is_active) AS active_id,
           ${repliesWriting(userId)} AS replies_writing
      FROM (VALUES (1)) AS one (x)
      LEFT JOIN models m ON m.id = ${modelId} AND m.user_id = ${userId}
      LEFT JOIN chat_sessions retried ON retried.user_id = ${userId} AND retried.idempotency_key = ${context.idempotencyKey}`;
  if (!found) throw new Error("reading a context returned no row");
  const model =
    found.model_name === null || found.default_ai_model === null
      ? null
      : { name: found.model_name, deletedAt: found.model_deleted_at, defaultAiModel: found.default_ai_model };
  return {
    model,
    runFound: found.run_found,
    retriedId: found.retried_id,
    retriedElsewhere: found.retried_id !== null && found.retried_elsewhere === true,
    activeId: found.active_id,
    repliesWriting: found.replies_writing,
  };
}

/** A new conversation, already titled from its first message; `model` is its model as read. */
export async function insertConversation(
  tx: Db,
  actor: Actor,
  conversation: { modelId: number | null; runId: number | null; idempotencyKey: string; title: string; model: ContextForSend["model"] },
): Promise<SessionRowWithOwner> {
  const [created] = await tx.$queryRaw<Array<Omit<RawSession, "model_name" | "model_deleted_at">>>`
    INSERT INTO chat_sessions (user_id, model_id, run_id, idempotency_key, session_title, title_source)
    VALUES (${actor.id}::uuid, ${conversation.modelId}::int, ${conversation.runId}::int, ${conversation.idempotencyKey},
            ${conversation.title}, 'provisional')
    RETURNING id, user_id, session_title, title_source::text AS title_source, is_active, model_id, run_id, message_count,
              conversation_summary, summary_through_message_id, created_at, last_message_at, activity_at,
              is_pinned, archived_at, tags`;
  if (!created) throw new Error("creating a conversation returned no row");
  const { model } = conversation;
  return toSessionRow({ ...created, model_name: model?.name ?? null, model_deleted_at: model?.deletedAt ?? null });
}

/** The parent_id that asks chat_messages_attach_to_branch for a first message (an edited first question). */
export const NEW_ROOT = 0;

/**
 * The user's message (after `parentId`, or first when null) and the empty, `streaming`
 * assistant message that will hold the reply, in one statement. The reply is inserted from the
 * user message's row, so its id is the greater; the reply becomes the shown leaf (a trigger).
 */
export async function insertExchange(
  tx: Db,
  actor: Actor,
  exchange: { sessionId: number; parentId: number | null; content: string; clientMessageId: string | null; aiModel: string },
): Promise<{ id: number; createdAt: Date; replyId: number }> {
  const [inserted] = await tx.$queryRaw<Array<{ id: number; created_at: Date; reply_id: number }>>`
    WITH asked AS (
      INSERT INTO chat_messages (session_id, parent_id, user_id, role, content, status, client_message_id)
      VALUES (${exchange.sessionId}, ${exchange.parentId ?? NEW_ROOT}, ${actor.id}::uuid, 'user', ${exchange.content},
              'complete', ${exchange.clientMessageId})
      RETURNING id, session_id, user_id, created_at
    ), reply AS (
      INSERT INTO chat_messages (session_id, parent_id, user_id, role, content, status, ai_model)
      SELECT session_id, id, user_id, 'assistant'::message_role, '', 'streaming'::message_status, ${exchange.aiModel} FROM asked
      RETURNING id
    )
    SELECT asked.id, asked.created_at, reply.id AS reply_id FROM asked, reply`;
  if (!inserted) throw new Error("storing a message returned no row");
  return { id: inserted.id, createdAt: inserted.created_at, replyId: inserted.reply_id };
}
