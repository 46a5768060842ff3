import { Prisma } from "@parley/db";
import type { Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import { selectSessions } from "./select-sessions.js";
import { toMessageOutput, toSessionOutput } from "./session-row.js";

export interface ListMessagesInput {
  sessionId: number;
  limit: number;
  /** Scroll-back: only messages older than this one. */
  before?: number | undefined;
}

/**
 * The last `limit` messages (oldest first) and the conversation's summary. `ownerId` null
 * reads any user's conversation: only admin procedures pass it, and RLS allows it only to admins.
 */
export async function listMessages(tx: Db, ownerId: string | null, input: ListMessagesInput) {
  const owner = ownerId ? Prisma.sql`AND user_id = ${ownerId}::uuid` : Prisma.empty;
  const [session] = await selectSessions(tx, Prisma.sql`WHERE id = ${input.sessionId} ${owner}`);
  if (!session) throw notFound("Conversation");
  const rows = await tx.chatMessage.findMany({
    where: { sessionId: input.sessionId, ...(input.before ? { id: { lt: input.before } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const summary =
    session.conversationSummary === null
      ? null
      : { text: session.conversationSummary, throughMessageId: session.summaryThroughMessageId };
  return {
    session: toSessionOutput(session),
    summary,
    messages: rows.slice(0, input.limit).reverse().map(toMessageOutput),
    hasOlder: rows.length > input.limit,
  };
}
