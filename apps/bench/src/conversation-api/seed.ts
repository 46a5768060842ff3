import type { PrismaClient, SqlRunner } from "@parley/db";
import { createUser } from "@parley/db/testing";

export const CONVERSATIONS = 10_000;
export const BIG_CONVERSATION_MESSAGES = 10_000;
const MESSAGES_PER_CONVERSATION = 4;

export interface Seeded {
  userId: string;
  /** The newest (active) conversation, the one with 10,000 messages. */
  bigSessionId: number;
}

const filler = "Here is what the model did and why; the stop was hit twice before noon. ";

/**
 * One user with 10,000 general conversations a minute apart (the newest active) and four
 * messages each, except the newest, which has 10,000. Rows are made by generate_series; the
 * counter trigger is off meanwhile and the counts are set directly, as it would have kept them.
 */
export async function seedConversations(prisma: PrismaClient, sql: SqlRunner): Promise<Seeded> {
  const { id: userId } = await createUser(prisma);
  await sql.query(
    `INSERT INTO chat_sessions (user_id, session_title, title_source, is_active, created_at, updated_at,
                                activity_at, last_message_at, message_count)
     SELECT $1::uuid, 'Conversation ' || i, 'generated', i = 1, at, at, at, at, $2
       FROM generate_series(1, $3::int) AS i, LATERAL (SELECT now() - i * interval '1 minute') AS moment(at)`,
    [userId, MESSAGES_PER_CONVERSATION, CONVERSATIONS],
  );
  const [big] = await sql.query<{ id: number }>("SELECT id FROM chat_sessions WHERE user_id = $1 AND is_active", [userId]);
  if (!big) throw new Error("seeding made no active conversation");
  await sql.exec("ALTER TABLE chat_messages DISABLE TRIGGER chat_messages_touch_session");
  await insertMessages(sql, { userId, active: false }, MESSAGES_PER_CONVERSATION);
  await insertMessages(sql, { userId, active: true }, BIG_CONVERSATION_MESSAGES);
  await sql.exec("ALTER TABLE chat_messages ENABLE TRIGGER chat_messages_touch_session");
  await sql.query("UPDATE chat_sessions SET message_count = $2 WHERE id = $1", [big.id, BIG_CONVERSATION_MESSAGES]);
  await sql.exec("VACUUM ANALYZE chat_sessions, chat_messages");
  return { userId, bigSessionId: big.id };
}

/** `count` alternating user/assistant messages in each of the user's (in)active conversations. */
async function insertMessages(sql: SqlRunner, which: { userId: string; active: boolean }, count: number) {
  await sql.query(
    `INSERT INTO chat_messages (session_id, user_id, role, content, created_at, completed_at)
     SELECT s.id, s.user_id, (CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END)::message_role,
            'Message ' || n || '. ' || repeat($1, 3), at, at
       FROM chat_sessions s, generate_series(1, $2::int) AS n,
            LATERAL (SELECT s.activity_at - ($2::int - n) * interval '1 second') AS moment(at)
      WHERE s.user_id = $3::uuid AND s.is_active = $4
      ORDER BY s.id, n`,
    [filler, count, which.userId, which.active],
  );
}
