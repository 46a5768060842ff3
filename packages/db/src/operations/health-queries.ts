import { Prisma } from "../client.js";
import type { Queryable } from "./queryable.js";

// The spec's investigation queries (#3, #6, #10) and its "potential issues to watch", as plain
// functions. They read every user's rows, so they run as the owner (or as an admin under RLS).

export interface MultipleActiveRow {
  userId: string;
  modelId: number | null;
  runId: number | null;
  modelName: string | null;
  activeCount: number;
  conversationIds: number[];
}

/**
 * Query #3 over every level: more than one active conversation in a context. The partial
 * unique index `chat_sessions_one_active_per_context` makes this impossible; checking it still
 * catches a dropped or invalid index.
 */
export function findMultipleActive(db: Queryable): Promise<MultipleActiveRow[]> {
  return db.$queryRaw<MultipleActiveRow[]>`
    SELECT cs.user_id AS "userId", cs.model_id AS "modelId", cs.run_id AS "runId", m.name AS "modelName",
           count(*)::int AS "activeCount", array_agg(cs.id ORDER BY cs.id) AS "conversationIds"
      FROM chat_sessions cs
      LEFT JOIN models m ON m.id = cs.model_id
     WHERE cs.is_active
     GROUP BY cs.user_id, cs.model_id, cs.run_id, m.name
    HAVING count(*) > 1
     ORDER BY "activeCount" DESC, cs.user_id`;
}

export interface ModelConversationRow {
  id: number;
  title: string;
  userId: string;
  modelId: number;
  modelName: string | null;
  modelDeletedAt: Date | null;
  messageCount: number;
  lastMessageAt: Date | null;
}

function conversationsOfModels(db: Queryable, modelCondition: Prisma.Sql): Promise<ModelConversationRow[]> {
  return db.$queryRaw<ModelConversationRow[]>`
    SELECT cs.id, cs.session_title AS title, cs.user_id AS "userId", cs.model_id AS "modelId",
           m.name AS "modelName", m.deleted_at AS "modelDeletedAt",
           (SELECT count(*)::int FROM chat_messages cm WHERE cm.session_id = cs.id) AS "messageCount",
           cs.last_message_at AS "lastMessageAt"
      FROM chat_sessions cs
      LEFT JOIN models m ON m.id = cs.model_id
     WHERE cs.model_id IS NOT NULL
       AND ${modelCondition}
     ORDER BY cs.last_message_at DESC NULLS LAST, cs.id`;
}

/** Query #6: conversations whose model row is gone (the foreign key forbids it). */
export const findOrphanedConversations = (db: Queryable) => conversationsOfModels(db, Prisma.sql`m.id IS NULL`);

/** Query #6 for soft deletes: conversations of deleted models, kept readable by design. */
export const findDeletedModelConversations = (db: Queryable) => conversationsOfModels(db, Prisma.sql`m.deleted_at IS NOT NULL`);

export interface LongConversationRow {
  id: number;
  title: string;
  modelId: number | null;
  modelName: string | null;
  messageCount: number;
}

/** Query #10 with the spec's threshold: long histories that should have a summary by now. */
export function findLongWithoutSummary(db: Queryable, options: { overMessages?: number } = {}): Promise<LongConversationRow[]> {
  const threshold = options.overMessages ?? 60;
  return db.$queryRaw<LongConversationRow[]>`
    SELECT cs.id, cs.session_title AS title, cs.model_id AS "modelId", m.name AS "modelName", counted.n AS "messageCount"
      FROM chat_sessions cs
      JOIN (SELECT session_id, count(*)::int AS n FROM chat_messages GROUP BY session_id) counted
        ON counted.session_id = cs.id
      LEFT JOIN models m ON m.id = cs.model_id
     WHERE cs.conversation_summary IS NULL AND counted.n > ${threshold}
     ORDER BY counted.n DESC, cs.id`;
}

export interface StuckReplyRow {
  messageId: number;
  sessionId: number;
  userId: string;
  aiModel: string | null;
  createdAt: Date;
  minutes: number;
}

/**
 * Replies still `streaming` after `olderThanMinutes`: their writer died without start-up
 * recovery or the orphan sweep catching them. Age is counted from the message's creation; a
 * retried reply keeps its creation time, so an old reply being retried right now shows here too.
 */
export function findStuckReplies(db: Queryable, options: { olderThanMinutes: number }): Promise<StuckReplyRow[]> {
  return db.$queryRaw<StuckReplyRow[]>`
    SELECT cm.id AS "messageId", cm.session_id AS "sessionId", cm.user_id AS "userId", cm.ai_model AS "aiModel",
           cm.created_at AS "createdAt", floor(extract(epoch FROM now() - cm.created_at) / 60)::int AS minutes
      FROM chat_messages cm
     WHERE cm.status = 'streaming'
       AND cm.created_at < now() - (${options.olderThanMinutes * 60}::double precision * interval '1 second')
     ORDER BY cm.created_at, cm.id`;
}
