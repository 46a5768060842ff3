import { Prisma } from "../client.js";
import type { Queryable } from "./queryable.js";

/** The spec's policy: an empty conversation is normal UX for a day, then it is litter. */
export const EMPTY_CONVERSATION_MAX_AGE_HOURS = 24;

export interface EmptyConversation {
  id: number;
  userId: string;
  modelId: number | null;
  runId: number | null;
  isActive: boolean;
  createdAt: Date;
}

/**
 * The spec's cleanup predicate, adapted: every level (not only model conversations), and
 * NOT EXISTS instead of NOT IN. `last_message_at IS NULL` stays although the trigger makes it
 * follow the messages: it is a column of the row itself, so PostgreSQL re-checks it when a
 * DELETE waits on a first message being inserted concurrently, and then skips the row.
 */
function isEmptyAndOlderThan(hours: number): Prisma.Sql {
  return Prisma.sql`cs.last_message_at IS NULL
    AND cs.created_at < now() - (${hours * 3600}::double precision * interval '1 second')
    AND NOT EXISTS (SELECT 1 FROM chat_messages cm WHERE cm.session_id = cs.id)`;
}

const returnedColumns = Prisma.sql`cs.id, cs.user_id AS "userId", cs.model_id AS "modelId", cs.run_id AS "runId",
  cs.is_active AS "isActive", cs.created_at AS "createdAt"`;

/** Conversations with no message, created more than `olderThanHours` ago. */
export function findEmptyConversations(db: Queryable, options: { olderThanHours?: number } = {}): Promise<EmptyConversation[]> {
  const hours = options.olderThanHours ?? EMPTY_CONVERSATION_MAX_AGE_HOURS;
  return db.$queryRaw<EmptyConversation[]>`
    SELECT ${returnedColumns} FROM chat_sessions cs
     WHERE ${isEmptyAndOlderThan(hours)}
     ORDER BY cs.created_at, cs.id`;
}

/**
 * Deletes them (one statement, so it is atomic) and returns what it removed. Run it as the
 * owner: under row-level security it would only see the signed-in user's rows.
 */
export function deleteEmptyConversations(db: Queryable, options: { olderThanHours?: number } = {}): Promise<EmptyConversation[]> {
  const hours = options.olderThanHours ?? EMPTY_CONVERSATION_MAX_AGE_HOURS;
  return db.$queryRaw<EmptyConversation[]>`
    DELETE FROM chat_sessions cs
     WHERE ${isEmptyAndOlderThan(hours)}
     RETURNING ${returnedColumns}`;
}
