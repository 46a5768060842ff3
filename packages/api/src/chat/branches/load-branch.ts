import { Prisma, type PrismaClient } from "@parley/db";
import { pathCte, shownLeaf } from "./branch-sql.js";

export interface BranchMessage {
  id: number;
  role: "user" | "assistant";
  content: string;
  status: "streaming" | "complete" | "stopped" | "failed" | "interrupted";
}

export interface LoadedBranch {
  /** Oldest first: from the summary's last message (excluded) or the first message, to the walk's start. */
  messages: BranchMessage[];
  /** The summary's last message is on this branch, so the summary tells its beginning. */
  summaryOnBranch: boolean;
}

/**
 * A branch of conversation `sessionId`, walked up from `from` (default: the shown leaf) until the
 * message the summary reaches, or the first message when the summary was written for another
 * branch. Runs as the owner (the engine and its jobs).
 */
export async function loadBranch(
  prisma: PrismaClient,
  walk: { sessionId: number; from?: Prisma.Sql; summaryThroughId: number | null },
): Promise<LoadedBranch> {
  const from = walk.from ?? Prisma.sql`SELECT ${shownLeaf(Prisma.sql`c`)} FROM chat_sessions c WHERE c.id = ${walk.sessionId}`;
  const rows = await prisma.$queryRaw<Array<BranchMessage & { depth: number }>>`
    WITH RECURSIVE ${pathCte({ sessionId: walk.sessionId, from, stopAfter: walk.summaryThroughId })}
    SELECT id, role::text AS role, content, status::text AS status, depth FROM path ORDER BY depth DESC`;
  const summaryOnBranch = walk.summaryThroughId !== null && rows[0]?.id === walk.summaryThroughId;
  const messages = rows.slice(summaryOnBranch ? 1 : 0).map(({ depth: _depth, ...message }) => message);
  return { messages, summaryOnBranch };
}
