import { createHash } from "node:crypto";
import { Prisma } from "@parley/db";
import type { Actor } from "../../db/as-user.js";
import type { Reader } from "../../db/read-as-user.js";
import { AppError } from "../../errors.js";
import { assertContextOwned } from "../context-scope.js";
import { modelSettingsOf, type ModelSettings } from "../model-settings.js";
import type { ConversationContext } from "../schemas.js";
import type { ConversationRecord, ExportRecord, MessageRecord } from "./format.js";

export interface ExportPageInput {
  context?: ConversationContext | undefined;
  /** Only these conversations (still only the user's own). */
  sessionIds?: number[] | undefined;
  cursor?: string | null | undefined;
  /** Records per page (a conversation's line counts as one). */
  limit: number;
}

/** Where a page stopped: the conversation whose line was written and its last message written. */
interface Cursor {
  sessionId: number;
  afterMessageId: number;
}

const MAX_ID = 2_147_483_647;

function decodeCursor(cursor: string | null | undefined): Cursor {
  if (!cursor) return { sessionId: 0, afterMessageId: 0 };
  const match = /^(\d{1,10})\.(\d{1,10})$/.exec(cursor);
  const [sessionId, afterMessageId] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || sessionId > MAX_ID || afterMessageId > MAX_ID)
    throw new AppError("INVALID_INPUT", "The export cursor is not one this server gave");
  return { sessionId, afterMessageId };
}

interface SessionRow {
  id: number;
  user_id: string;
  model_id: number | null;
  run_id: number | null;
  session_title: string;
  title_source: ConversationRecord["titleSource"];
  created_at: Date;
  is_pinned: boolean;
  archived_at: Date | null;
  tags: string[];
  conversation_summary: string | null;
  summary_through_message_id: number | null;
  current_leaf_id: number | null;
  newest_message_id: number | null;
  model_settings: ModelSettings | null;
}

interface MessageRow {
  id: number;
  session_id: number;
  parent_id: number | null;
  role: MessageRecord["role"];
  content: string;
  status: MessageRecord["status"];
  tools_used: MessageRecord["toolsUsed"];
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  ai_model: string | null;
  model_version: number | null;
  run_figures: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/**
 * Stable across exports of the same conversation. An imported copy exported again gets a key of
 * its own: its message ids are its own too, so matching it to the original by key would add its
 * messages to the original's copy a second time.
 */
export function conversationKey(userId: string, sessionId: number): string {
  return `import:${createHash("sha256").update(`${userId}:${sessionId}`).digest("hex").slice(0, 40)}`;
}

function contextFilter(context: ConversationContext | undefined): Prisma.Sql {
  if (!context) return Prisma.sql`TRUE`;
  if (context.kind === "general") return Prisma.sql`model_id IS NULL`;
  if (context.kind === "model") return Prisma.sql`model_id = ${context.modelId} AND run_id IS NULL`;
  return Prisma.sql`model_id = ${context.modelId} AND run_id = ${context.runId}`;
}

function toConversationRecord(row: SessionRow): ConversationRecord {
  const context: ConversationContext =
    row.model_id === null
      ? { kind: "general" }
      : row.run_id === null
        ? { kind: "model", modelId: row.model_id }
        : { kind: "run", modelId: row.model_id, runId: row.run_id };
  return {
    type: "conversation",
    id: row.id,
    key: conversationKey(row.user_id, row.id),
    context,
    title: row.session_title,
    titleSource: row.title_source,
    createdAt: row.created_at.toISOString(),
    pinned: row.is_pinned,
    archivedAt: row.archived_at?.toISOString() ?? null,
    tags: row.tags,
    summary:
      row.conversation_summary === null ? null : { text: row.conversation_summary, throughMessageId: row.summary_through_message_id },
    // Readers fall back to the newest message when no leaf was stored; the export says which.
    currentLeafId: row.current_leaf_id ?? row.newest_message_id,
    modelSettings: row.model_settings,
  };
}

function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    type: "message",
    conversationId: row.session_id,
    id: row.id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    status: row.status,
    toolsUsed: row.tools_used,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    costUsd: row.cost_usd,
    aiModel: row.ai_model,
    modelVersion: row.model_version,
    runFigures: row.run_figures,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

const messageColumns = Prisma.sql`id, session_id, parent_id, role, content, status, tools_used, prompt_tokens,
  completion_tokens, cost_usd::float8 AS cost_usd, ai_model, model_version, run_figures, error, created_at, completed_at`;

/**
 * One page of the user's conversations (all, or one context's) as export records, in id order:
 * at most `limit` records, so a page costs the same whether a conversation has ten messages or
 * a hundred thousand (a long one continues on the next page). Three statements at most.
 */
export async function exportPage(reader: Reader, actor: Actor, input: ExportPageInput) {
  if (input.context && input.context.kind !== "general" && !input.cursor) await assertContextOwned(reader, actor, input.context);
  let { sessionId, afterMessageId } = decodeCursor(input.cursor);
  const records: ExportRecord[] = [];
  if (sessionId > 0) {
    const rest = await reader.query<MessageRow>(Prisma.sql`
      SELECT ${messageColumns} FROM chat_messages
       WHERE session_id = ${sessionId} AND id > ${afterMessageId} ORDER BY id LIMIT ${input.limit}`);
    for (const row of rest) records.push(toMessageRecord(row));
    afterMessageId = rest.at(-1)?.id ?? afterMessageId;
    if (records.length === input.limit) return { records, nextCursor: `${sessionId}.${afterMessageId}` };
  }
  const budget = input.limit - records.length;
  const sessions = await reader.query<SessionRow>(Prisma.sql`
    SELECT s.id, s.user_id::text AS user_id, s.model_id, s.run_id, s.session_title, s.title_source, s.created_at,
           s.is_pinned, s.archived_at, s.tags, s.conversation_summary, s.summary_through_message_id,
           s.current_leaf_id,
           (SELECT max(m.id) FROM chat_messages m WHERE m.session_id = s.id) AS newest_message_id,
           ${modelSettingsOf(Prisma.sql`s`)} AS model_settings
      FROM chat_sessions s
     WHERE s.user_id = ${actor.id}::uuid AND s.id > ${sessionId} AND ${contextFilter(input.context)}
       AND ${input.sessionIds ? Prisma.sql`s.id = ANY(${input.sessionIds}::int[])` : Prisma.sql`TRUE`}
     ORDER BY s.id LIMIT ${budget}`);
  if (!sessions.length) return { records, nextCursor: null };
  const messages = await reader.query<MessageRow>(Prisma.sql`
    SELECT ${messageColumns} FROM chat_messages
     WHERE session_id = ANY(${sessions.map((s) => s.id)}::int[]) ORDER BY session_id, id LIMIT ${budget}`);
  let next = 0;
  for (const session of sessions) {
    if (records.length === input.limit) break;
    records.push(toConversationRecord(session));
    ({ sessionId, afterMessageId } = { sessionId: session.id, afterMessageId: 0 });
    for (; next < messages.length && messages[next]?.session_id === session.id && records.length < input.limit; next++) {
      const row = messages[next];
      if (!row) break;
      records.push(toMessageRecord(row));
      afterMessageId = row.id;
    }
    // The budget ran out inside this conversation: the next page continues it.
    if (records.length === input.limit) break;
  }
  // A short page means every conversation left was written whole.
  return { records, nextCursor: records.length < input.limit ? null : `${sessionId}.${afterMessageId}` };
}
