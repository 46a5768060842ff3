import { Prisma, type PrismaClient } from "@parley/db";
import { toModelOutput } from "../../models/queries.js";
import { queryRuns, toRunOutput } from "../../runs/queries.js";
import { loadBranch } from "../branches/load-branch.js";
import type { ProviderMessage } from "../providers/provider.js";

/** How many recent messages go to the provider verbatim; older ones only through the summary. */
export const HISTORY_LIMIT = 30;

export type ModelConfigForPrompt = ReturnType<typeof toModelOutput> & { deleted: boolean };

export interface RunFactsForPrompt {
  id: number;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
  startingCapital: number;
  fills: number;
  symbols: number;
  realizedPnl: number;
  fees: number;
}

export interface LoadedConversation {
  sessionId: number;
  userId: string;
  model: ModelConfigForPrompt | null;
  run: RunFactsForPrompt | null;
  /** The summary, when it tells the beginning of the reply's branch. */
  summary: string | null;
  /** The last messages of the reply's branch before it, oldest first. */
  history: ProviderMessage[];
}

interface RawConversation {
  user_id: string;
  model_id: number | null;
  run_id: number | null;
  conversation_summary: string | null;
  summary_through_message_id: number | null;
  message_count: number;
  reply_ai_model: string | null;
}

/**
 * Everything a reply is written from, read fresh for every turn: the reply's branch (walked up
 * its parent links, so another branch never leaks in) with the summary when it covers this
 * branch's beginning, the AI model already stored on the reply (chat.send writes it) and how
 * many messages the conversation has. Runs as the owner (a job). One statement, then the
 * branch, the model and the run's figures in parallel.
 */
export async function loadConversation(prisma: PrismaClient, sessionId: number, replyMessageId: number) {
  const [row] = await prisma.$queryRaw<RawConversation[]>`
    SELECT s.user_id, s.model_id, s.run_id, s.conversation_summary, s.summary_through_message_id, s.message_count,
           (SELECT ai_model FROM chat_messages WHERE id = ${replyMessageId}) AS reply_ai_model
      FROM chat_sessions s
     WHERE s.id = ${sessionId}`;
  if (!row) throw new Error(`conversation ${sessionId} does not exist`);
  const from = Prisma.sql`SELECT parent_id FROM chat_messages WHERE id = ${replyMessageId}`;
  const [branch, model, run] = await Promise.all([
    loadBranch(prisma, { sessionId, from, summaryThroughId: row.summary_through_message_id }),
    row.model_id === null ? null : prisma.tradingModel.findUnique({ where: { id: row.model_id } }),
    row.run_id === null ? null : loadRunFacts(prisma, row.run_id),
  ]);
  const spoken = branch.messages.filter((message) => message.content !== "");
  const conversation: LoadedConversation = {
    sessionId,
    userId: row.user_id,
    model: model ? { ...toModelOutput(model), deleted: model.deletedAt !== null } : null,
    run,
    summary: branch.summaryOnBranch ? row.conversation_summary : null,
    history: spoken.slice(-HISTORY_LIMIT).map(({ role, content }) => ({ role, content })),
  };
  return { conversation, storedAiModel: row.reply_ai_model, messageCount: row.message_count };
}

async function loadRunFacts(prisma: PrismaClient, runId: number): Promise<RunFactsForPrompt | null> {
  const [row] = await queryRuns(prisma, Prisma.sql`r.id = ${runId}`);
  if (!row) return null;
  const run = toRunOutput(row);
  return {
    id: run.id,
    status: run.status,
    startedAt: new Date(run.startedAt),
    endedAt: run.endedAt ? new Date(run.endedAt) : null,
    startingCapital: run.startingCapital,
    ...run.headline,
  };
}
