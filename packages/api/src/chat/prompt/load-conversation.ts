import { Prisma, type PrismaClient } from "@parley/db";
import { toModelOutput } from "../../models/queries.js";
import { queryRuns, toRunOutput } from "../../runs/queries.js";
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
  summary: string | null;
  /** The last messages before the reply being written, oldest first. */
  history: ProviderMessage[];
}

interface RawConversation {
  user_id: string;
  model_id: number | null;
  run_id: number | null;
  conversation_summary: string | null;
  message_count: number;
  reply_ai_model: string | null;
  /** JSON: the last HISTORY_LIMIT messages before the reply, oldest first. */
  history: string;
}

/**
 * Everything a reply is written from, read fresh for every turn, the AI model already stored
 * on the reply (chat.send writes it) and how many messages the conversation has. Runs as the owner (a job). One statement; a
 * second, in parallel, for the model and the run's figures when the conversation has them.
 */
export async function loadConversation(prisma: PrismaClient, sessionId: number, replyMessageId: number) {
  const [row] = await prisma.$queryRaw<RawConversation[]>`
    SELECT s.user_id, s.model_id, s.run_id, s.conversation_summary, s.message_count,
           (SELECT ai_model FROM chat_messages WHERE id = ${replyMessageId}) AS reply_ai_model,
           (SELECT COALESCE(json_agg(json_build_object('role', h.role, 'content', h.content) ORDER BY h.id), '[]')::text
              FROM (SELECT id, role, content FROM chat_messages
                     WHERE session_id = ${sessionId} AND id < ${replyMessageId} AND content <> ''
                     ORDER BY id DESC LIMIT ${HISTORY_LIMIT}) AS h) AS history
      FROM chat_sessions s
     WHERE s.id = ${sessionId}`;
  if (!row) throw new Error(`conversation ${sessionId} does not exist`);
  const [model, run] = await Promise.all([
    row.model_id === null ? null : prisma.tradingModel.findUnique({ where: { id: row.model_id } }),
    row.run_id === null ? null : loadRunFacts(prisma, row.run_id),
  ]);
  const conversation: LoadedConversation = {
    sessionId,
    userId: row.user_id,
    model: model ? { ...toModelOutput(model), deleted: model.deletedAt !== null } : null,
    run,
    summary: row.conversation_summary,
    history: JSON.parse(row.history) as Array<{ role: "user" | "assistant"; content: string }>,
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
