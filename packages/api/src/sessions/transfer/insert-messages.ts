import type { Db } from "../../db/as-user.js";
import type { ImportPart, MessageRecord } from "./format.js";

/** How an imported message is found again: its id in the file, where clients' own keys (letters, digits, '-', '_') never have a colon. */
export const sourceKey = (sourceId: number) => `import:${sourceId}`;

interface InsertInput {
  sessionId: number;
  part: ImportPart;
  /** The conversation was made by this batch (its summary may be set without any message). */
  created: boolean;
}

/** Source id → stored id of the part's messages, parents, leaf and summary end already stored by an earlier import. */
async function storedMapping(tx: Db, sessionId: number, part: ImportPart): Promise<Map<number, number>> {
  const referenced = new Set<number>();
  for (const message of part.messages) {
    referenced.add(message.id);
    if (message.parentId !== null) referenced.add(message.parentId);
  }
  if (part.conversation.currentLeafId !== null) referenced.add(part.conversation.currentLeafId);
  const through = part.conversation.summary?.throughMessageId;
  if (through) referenced.add(through);
  const keys = [...referenced].map(sourceKey);
  const rows = await tx.$queryRaw<{ id: number; client_message_id: string }[]>`
    SELECT id, client_message_id FROM chat_messages WHERE session_id = ${sessionId} AND client_message_id = ANY(${keys}::text[])`;
  return new Map(rows.map((row) => [Number(row.client_message_id.slice("import:".length)), row.id]));
}

async function reserveIds(tx: Db, count: number): Promise<number[]> {
  if (!count) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT nextval('chat_messages_id_seq')::int AS id FROM generate_series(1, ${count}::int)`;
  // Ascending, as the file's ids are: a parent keeps a smaller id than its children.
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** One multi-row INSERT; `parent_id` 0 asks the branch trigger for a first message. */
async function insertRows(tx: Db, sessionId: number, rows: { id: number; parentId: number; message: MessageRecord }[]) {
  const column = <T>(pick: (message: MessageRecord) => T) => rows.map((row) => pick(row.message));
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  await tx.$executeRaw`
    INSERT INTO chat_messages (id, session_id, parent_id, user_id, role, content, status, client_message_id, tools_used,
                               prompt_tokens, completion_tokens, cost_usd, ai_model, model_version, run_figures, error, created_at, completed_at)
    SELECT r.id, ${sessionId}, r.parent_id, s.user_id, r.role::message_role, r.content, r.status::message_status, r.client_key,
           r.tools_used::jsonb, r.prompt_tokens, r.completion_tokens, r.cost_usd, r.ai_model, r.model_version, r.run_figures::jsonb, r.error,
           r.created_at, r.completed_at
      FROM chat_sessions s,
           unnest(${rows.map((row) => row.id)}::int[], ${rows.map((row) => row.parentId)}::int[], ${column((m) => m.role)}::text[],
                  ${column((m) => m.content)}::text[],
                  ${column((m) => (m.status === "streaming" ? "interrupted" : m.status))}::text[],
                  ${column((m) => sourceKey(m.id))}::text[], ${column((m) => JSON.stringify(m.toolsUsed))}::text[],
                  ${column((m) => m.promptTokens)}::int[], ${column((m) => m.completionTokens)}::int[],
                  ${column((m) => m.costUsd ?? null)}::numeric[], ${column((m) => m.aiModel)}::text[],
                  ${column((m) => m.modelVersion)}::int[], ${column((m) => json(m.runFigures))}::text[], ${column((m) => m.error)}::text[],
                  ${column((m) => m.createdAt)}::timestamptz[], ${column((m) => m.completedAt)}::timestamptz[])
        AS r(id, parent_id, role, content, status, client_key, tools_used, prompt_tokens, completion_tokens, cost_usd, ai_model,
             model_version, run_figures, error, created_at, completed_at)
     WHERE s.id = ${sessionId}
     ORDER BY r.id`;
}

/** The shown branch and the summary, once the messages they name are stored. */
async function restorePointers(tx: Db, input: InsertInput, stored: Map<number, number>, addedNow: Set<number>) {
  const { conversation } = input.part;
  const leaf = conversation.currentLeafId === null ? undefined : stored.get(conversation.currentLeafId);
  // Every insert made its row the leaf (the branch trigger); the file says which one is shown.
  if (leaf !== undefined && addedNow.size)
    await tx.$executeRaw`UPDATE chat_sessions SET current_leaf_id = ${leaf} WHERE id = ${input.sessionId}`;
  const summary = conversation.summary;
  if (!summary) return;
  const through = summary.throughMessageId === null ? null : stored.get(summary.throughMessageId);
  const due =
    summary.throughMessageId === null ? input.created : summary.throughMessageId !== null && addedNow.has(summary.throughMessageId);
  if (!due || through === undefined) return;
  await tx.$executeRaw`
    UPDATE chat_sessions SET conversation_summary = ${summary.text}, summary_through_message_id = ${through} WHERE id = ${input.sessionId}`;
}

export interface MessagePlan {
  stored: Map<number, number>;
  rows: { id: number; parentId: number; message: MessageRecord }[];
}

/**
 * The part's messages not stored before, each with its id and its parent's: a message of the
 * file stored earlier (this batch or a previous one). An error, before anything is written,
 * when a parent is missing. `sessionId` is null for a conversation not made yet.
 */
export async function planMessages(tx: Db, sessionId: number | null, part: ImportPart): Promise<MessagePlan | { error: string }> {
  const stored = sessionId === null ? new Map<number, number>() : await storedMapping(tx, sessionId, part);
  const fresh = part.messages.filter((message) => !stored.has(message.id));
  const ids = await reserveIds(tx, fresh.length);
  const rows: MessagePlan["rows"] = [];
  for (const [index, message] of fresh.entries()) {
    const id = ids[index] ?? 0;
    const parentId = message.parentId === null ? 0 : stored.get(message.parentId);
    if (parentId === undefined)
      return { error: `Message ${message.id} follows message ${message.parentId}, which is neither before it in the file nor imported` };
    stored.set(message.id, id);
    rows.push({ id, parentId, message });
  }
  return { stored, rows };
}

/** Writes a plan: the messages, then the shown branch and the summary. Returns notes for the report. */
export async function writeMessages(tx: Db, input: InsertInput, plan: MessagePlan): Promise<string[]> {
  if (plan.rows.length) await insertRows(tx, input.sessionId, plan.rows);
  await restorePointers(tx, input, plan.stored, new Set(plan.rows.map((row) => row.message.id)));
  const streaming = plan.rows.filter((row) => row.message.status === "streaming").length;
  return streaming ? [`${streaming} replies still being written at export were stored as interrupted`] : [];
}
