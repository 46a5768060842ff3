import type { PrismaClient, SqlRunner } from "@parley/db";
import { createModel, createUser } from "@parley/db/testing";
import { vocabulary } from "./vocabulary.js";

export const CONVERSATIONS = 20_000;
export const MESSAGES_PER_CONVERSATION = 50;
export const ARCHIVED = 10_000;
export const OTHER_USERS = 10;
const OTHER_USER_CONVERSATIONS = 200;
const MODELS = 4;
const WORDS_PER_MESSAGE = 12;

export interface SearchSeeded {
  userId: string;
  /** The user's models: every fifth conversation is general, the rest spread over these. */
  modelIds: number[];
  words: string[];
}

/**
 * One user with 20,000 conversations of 50 messages (1,000,000 messages), every other one
 * archived, a fifth general and the rest over four models; plus ten other users with 200
 * conversations each, whose rows a search must never touch. Messages are 12 words drawn with a
 * skew (rank r is drawn about as often as 1/√r), so a word's rank sets how many messages hold it.
 * Triggers are off and the full-text index is built after the rows, as a restore would.
 */
export async function seedSearchHistory(prisma: PrismaClient, sql: SqlRunner): Promise<SearchSeeded> {
  const words = vocabulary();
  const { id: userId } = await createUser(prisma);
  const modelIds: number[] = [];
  for (let i = 0; i < MODELS; i++) modelIds.push((await createModel(prisma, userId)).id);
  await insertConversations(sql, { userId, modelIds, count: CONVERSATIONS, archiveEvery: CONVERSATIONS / ARCHIVED });
  for (let i = 0; i < OTHER_USERS; i++) {
    const other = await createUser(prisma);
    await insertConversations(sql, { userId: other.id, modelIds: [], count: OTHER_USER_CONVERSATIONS, archiveEvery: 0 });
  }
  await sql.exec(`DROP INDEX chat_messages_content_search_idx;
    ALTER TABLE chat_messages DISABLE TRIGGER chat_messages_touch_session;
    ALTER TABLE chat_messages DISABLE TRIGGER chat_messages_attach_to_branch`);
  await sql.query(
    `INSERT INTO chat_messages (session_id, user_id, role, content, created_at, completed_at)
     SELECT s.id, s.user_id, (CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END)::message_role,
            (SELECT string_agg(($1::text[])[1 + floor($2 * random() ^ 2)::int], ' ') FROM generate_series(1, $3 + 0 * n)),
            at, at
       FROM chat_sessions s, generate_series(1, $4::int) AS n,
            LATERAL (SELECT s.activity_at - ($4::int - n) * interval '1 minute') AS moment(at)
      ORDER BY s.id, n`,
    [words, words.length, WORDS_PER_MESSAGE, MESSAGES_PER_CONVERSATION],
  );
  await sql.exec(`ALTER TABLE chat_messages ENABLE TRIGGER chat_messages_touch_session;
    ALTER TABLE chat_messages ENABLE TRIGGER chat_messages_attach_to_branch;
    CREATE INDEX chat_messages_content_search_idx ON chat_messages USING GIN (content_search)`);
  await sql.exec("VACUUM ANALYZE chat_sessions, chat_messages");
  return { userId, modelIds, words };
}

interface ConversationsOf {
  userId: string;
  modelIds: number[];
  count: number;
  /** Every n-th conversation archived; 0 for none. */
  archiveEvery: number;
}

/** Conversations an hour apart, titled from their number; none active (no context has one). */
async function insertConversations(sql: SqlRunner, of: ConversationsOf) {
  await sql.query(
    `INSERT INTO chat_sessions (user_id, model_id, session_title, title_source, is_active, created_at, updated_at,
                                activity_at, last_message_at, message_count, archived_at)
     SELECT $1::uuid, CASE WHEN i % 5 = 0 OR cardinality($2::int[]) = 0 THEN NULL ELSE ($2::int[])[1 + i % cardinality($2::int[])] END,
            'Conversation ' || i, 'generated', false, at, at, at, at, $3,
            CASE WHEN $5 > 0 AND i % $5 = 0 THEN at END
       FROM generate_series(1, $4::int) AS i, LATERAL (SELECT now() - i * interval '1 hour') AS moment(at)`,
    [of.userId, of.modelIds, MESSAGES_PER_CONVERSATION, of.count, of.archiveEvery],
  );
}
