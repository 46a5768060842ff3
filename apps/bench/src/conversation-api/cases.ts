import type { Caller, ApiClient } from "./server.js";

/** One measured call: the procedure three ways, and the bare SQL that fetches the same rows. */
export interface BenchCase {
  name: string;
  viaCaller(caller: Caller): Promise<unknown>;
  viaClient(client: ApiClient): Promise<unknown>;
  sql: { text: string; params: unknown[] };
}

export interface CaseInputs {
  userId: string;
  bigSessionId: number;
  /** sessions.list's cursor after 5,000 rows, as the API handed it out. */
  deepCursor: string;
  deepAfter: { activityAt: Date; id: number };
  /** The id of the message 5,000 from the end of the big conversation. */
  deepBefore: number;
}

const sessionColumns = `s.id, s.session_title, s.title_source, s.is_active, s.model_id, s.run_id, s.message_count,
  s.conversation_summary IS NOT NULL AS has_summary, s.created_at, s.last_message_at, s.activity_at,
  m.name AS model_name, m.deleted_at AS model_deleted_at`;

const sessionPage = (keyset: string) => `
  SELECT ${sessionColumns} FROM chat_sessions s LEFT JOIN models m ON m.id = s.model_id
   WHERE s.user_id = $1 ${keyset} ORDER BY s.activity_at DESC, s.id DESC LIMIT 51`;

const messagePage = (before: string) => `
  SELECT * FROM chat_messages WHERE session_id = $1 ${before} ORDER BY id DESC LIMIT 31`;

export function conversationCases(inputs: CaseInputs): BenchCase[] {
  const { userId, bigSessionId: sessionId, deepCursor: cursor, deepBefore: before } = inputs;
  return [
    {
      name: "sessions.list, first page of 50",
      viaCaller: (caller) => caller.sessions.list({ limit: 50 }),
      viaClient: (client) => client.sessions.list.query({ limit: 50 }),
      sql: { text: sessionPage(""), params: [userId] },
    },
    {
      name: "sessions.list, page after 5,000 rows",
      viaCaller: (caller) => caller.sessions.list({ limit: 50, cursor }),
      viaClient: (client) => client.sessions.list.query({ limit: 50, cursor }),
      sql: {
        text: sessionPage("AND (s.activity_at, s.id) < ($2, $3)"),
        params: [userId, inputs.deepAfter.activityAt, inputs.deepAfter.id],
      },
    },
    {
      name: "sessions.messages, last 30",
      viaCaller: (caller) => caller.sessions.messages({ sessionId, limit: 30 }),
      viaClient: (client) => client.sessions.messages.query({ sessionId, limit: 30 }),
      sql: { text: messagePage(""), params: [sessionId] },
    },
    {
      name: "sessions.messages, 30 from 5,000 back",
      viaCaller: (caller) => caller.sessions.messages({ sessionId, limit: 30, before }),
      viaClient: (client) => client.sessions.messages.query({ sessionId, limit: 30, before }),
      sql: { text: messagePage("AND id < $2"), params: [sessionId, before] },
    },
  ];
}
