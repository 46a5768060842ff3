import { Prisma } from "@parley/db";
import type { Reader } from "../db/read-as-user.js";
import { pathCte, shownLeaf, versionIds } from "../chat/branches/branch-sql.js";
import { notFound } from "../errors.js";
import { sessionsQuery, toSessionRow, type RawSession } from "./select-sessions.js";
import { toMessageOutput, toSessionOutput, type MessageRow } from "./session-row.js";

export interface ListMessagesInput {
  sessionId: number;
  limit: number;
  /** Scroll-back: only the messages of the shown branch before this one. */
  before?: number | undefined;
  /** The page that ends with this message, shown or not. */
  through?: number | undefined;
}

/** A message's columns, prefixed: they share a row with its conversation's. */
interface RawMessage {
  message_id: number;
  message_parent_id: number | null;
  message_version_ids: number[];
  message_role: MessageRow["role"];
  message_content: string;
  message_status: MessageRow["status"];
  message_tools_used: MessageRow["toolsUsed"];
  message_ai_model: string | null;
  message_model_version: number | null;
  message_prompt_tokens: number | null;
  message_completion_tokens: number | null;
  message_cost_usd: number | null;
  message_error: string | null;
  message_created_at: Date;
  message_completed_at: Date | null;
}

/** The conversation, once per message of the page; once with no message when the page is empty. */
type PageRow = RawSession & (RawMessage | { message_id: null });

function toMessageRow(raw: RawSession & RawMessage): MessageRow {
  return {
    id: raw.message_id,
    sessionId: raw.id,
    parentId: raw.message_parent_id,
    role: raw.message_role,
    content: raw.message_content,
    status: raw.message_status,
    toolsUsed: raw.message_tools_used,
    aiModel: raw.message_ai_model,
    modelVersion: raw.message_model_version,
    promptTokens: raw.message_prompt_tokens,
    completionTokens: raw.message_completion_tokens,
    costUsd: raw.message_cost_usd,
    error: raw.message_error,
    createdAt: raw.message_created_at,
    completedAt: raw.message_completed_at,
  };
}

/**
 * The conversation and one page of its shown branch (newest first, one extra to tell whether
 * older ones exist) in one statement: a walk up the parent links from the branch's leaf, or from
 * the message before `before`. Without the conversation's row (missing, or not the owner's) the
 * walk has nowhere to start and the join yields nothing.
 */
function pageQuery(ownerId: string | null, input: ListMessagesInput): Prisma.Sql {
  const owner = ownerId ? Prisma.sql`AND user_id = ${ownerId}::uuid` : Prisma.empty;
  const from = input.before
    ? Prisma.sql`SELECT parent_id FROM chat_messages WHERE id = ${input.before} AND session_id = ${input.sessionId}`
    : input.through
      ? Prisma.sql`SELECT ${input.through}::int`
      : Prisma.sql`SELECT ${shownLeaf(Prisma.sql`c`)} FROM chat_sessions c WHERE c.id = ${input.sessionId} ${owner}`;
  return Prisma.sql`
    WITH RECURSIVE ${pathCte({ sessionId: input.sessionId, from, limit: input.limit + 1 })}
    SELECT s.*, m.id AS message_id, m.parent_id AS message_parent_id, m.role::text AS message_role,
           m.content AS message_content, m.status::text AS message_status, m.tools_used AS message_tools_used,
           m.ai_model AS message_ai_model, m.model_version AS message_model_version, m.prompt_tokens AS message_prompt_tokens,
           m.completion_tokens AS message_completion_tokens, m.cost_usd::float8 AS message_cost_usd, m.error AS message_error,
           m.created_at AS message_created_at, m.completed_at AS message_completed_at,
           ${versionIds(Prisma.sql`m`)} AS message_version_ids
      FROM (${sessionsQuery(Prisma.sql`WHERE id = ${input.sessionId} ${owner}`)}) AS s
      LEFT JOIN path m ON TRUE
     ORDER BY m.depth ASC`;
}

/**
 * The last `limit` messages (oldest first) and the conversation's summary. `ownerId` null
 * reads any user's conversation: only admin procedures pass it, and RLS allows it only to admins.
 */
export async function listMessages(reader: Reader, ownerId: string | null, input: ListMessagesInput) {
  const rows = await reader.query<PageRow>(pageQuery(ownerId, input));
  const [first] = rows;
  if (!first) throw notFound("Conversation");
  const session = toSessionRow(first);
  const messages = rows.flatMap((row) => (row.message_id === null ? [] : [toMessageOutput(toMessageRow(row), row.message_version_ids)]));
  const summary =
    session.conversationSummary === null ? null : { text: session.conversationSummary, throughMessageId: session.summaryThroughMessageId };
  return {
    session: toSessionOutput(session),
    summary,
    messages: messages.slice(0, input.limit).reverse(),
    hasOlder: messages.length > input.limit,
  };
}
