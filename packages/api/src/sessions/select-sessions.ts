import { Prisma } from "@parley/db";
import type { Reader } from "../db/read-as-user.js";
import type { SessionRow } from "./session-row.js";

export type SessionRowWithOwner = SessionRow & { userId: string; summaryThroughMessageId: number | null };

export interface RawSession {
  id: number;
  user_id: string;
  session_title: string;
  title_source: SessionRow["titleSource"];
  is_active: boolean;
  model_id: number | null;
  run_id: number | null;
  message_count: number;
  conversation_summary: string | null;
  summary_through_message_id: number | null;
  created_at: Date;
  last_message_at: Date | null;
  activity_at: Date;
  is_pinned: boolean;
  archived_at: Date | null;
  tags: string[];
  model_name: string | null;
  model_deleted_at: Date | null;
}

export function toSessionRow(raw: RawSession): SessionRowWithOwner {
  return {
    id: raw.id,
    userId: raw.user_id,
    sessionTitle: raw.session_title,
    titleSource: raw.title_source,
    isActive: raw.is_active,
    modelId: raw.model_id,
    runId: raw.run_id,
    messageCount: raw.message_count,
    conversationSummary: raw.conversation_summary,
    summaryThroughMessageId: raw.summary_through_message_id,
    createdAt: raw.created_at,
    lastMessageAt: raw.last_message_at,
    activityAt: raw.activity_at,
    isPinned: raw.is_pinned,
    archivedAt: raw.archived_at,
    tags: raw.tags,
    model: raw.model_name === null ? null : { name: raw.model_name, deletedAt: raw.model_deleted_at },
  };
}

/**
 * Conversations as `sessionSelect` shapes them, as one statement (Prisma loads the `model`
 * relation with a second query). `filter` is the WHERE (with ORDER BY and LIMIT when wanted) on
 * chat_sessions' own columns. Selects `RawSession`'s columns, for queries that build on it.
 */
export function sessionsQuery(filter: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT s.*, m.name AS model_name, m.deleted_at AS model_deleted_at
      FROM (SELECT id, user_id, session_title, title_source::text AS title_source, is_active, model_id, run_id,
                   message_count, conversation_summary, summary_through_message_id, created_at, last_message_at,
                   activity_at, is_pinned, archived_at, tags
              FROM chat_sessions ${filter}) AS s
      LEFT JOIN models m ON m.id = s.model_id AND m.user_id = s.user_id
     ORDER BY s.is_pinned DESC, s.activity_at DESC, s.id DESC`;
}

export async function selectSessions(reader: Reader, filter: Prisma.Sql): Promise<SessionRowWithOwner[]> {
  const rows = await reader.query<RawSession>(sessionsQuery(filter));
  return rows.map(toSessionRow);
}
