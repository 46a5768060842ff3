import type { EventBus } from "@parley/api";
import type { SqlRunner } from "@parley/db";

// What chat.send writes, bare: the question and the empty reply in one statement (two INSERTs,
// as send-statements.ts does), then one event published on the bus and received by a viewer.
const WRITE_BOTH = `
  WITH asked AS (
    INSERT INTO chat_messages (session_id, user_id, role, content, status)
    SELECT id, user_id, 'user', $2, 'complete' FROM chat_sessions WHERE id = $1
    RETURNING id, session_id, user_id
  ), reply AS (
    INSERT INTO chat_messages (session_id, parent_id, user_id, role, content, status, ai_model)
    SELECT session_id, id, user_id, 'assistant'::message_role, '', 'complete'::message_status, 'bare' FROM asked
    RETURNING id
  )
  SELECT reply.id FROM reply`;

/**
 * The send baseline's database and bus part, on Parley's own pool and bus: ms from the start of
 * the writes to a subscriber of the conversation holding the published event.
 */
export async function timeBareWrites(sql: SqlRunner, bus: EventBus, sessionId: number): Promise<number> {
  const controller = new AbortController();
  const startedAt = performance.now();
  const [row] = await sql.query<{ id: number }>(WRITE_BOTH, [sessionId, "bare baseline"]);
  const received = (async () => {
    for await (const streamed of bus.subscribe(sessionId, null, controller.signal)) if (streamed.event.type === "delta") return;
  })();
  await bus.publish(sessionId, { type: "delta", messageId: row?.id ?? 0, text: " tok" });
  await received;
  controller.abort();
  return performance.now() - startedAt;
}
