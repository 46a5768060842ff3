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

/** Everything a reply is written from, read fresh for every turn. Runs as the owner (a job). */
export async function loadConversation(prisma: PrismaClient, sessionId: number, replyMessageId: number) {
  const session = await prisma.chatSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { id: true, userId: true, runId: true, conversationSummary: true, model: true },
  });
  const recent = await prisma.chatMessage.findMany({
    where: { sessionId, id: { lt: replyMessageId }, content: { not: "" } },
    orderBy: { id: "desc" },
    take: HISTORY_LIMIT,
    select: { role: true, content: true },
  });
  const model = session.model ? { ...toModelOutput(session.model), deleted: session.model.deletedAt !== null } : null;
  const loaded: LoadedConversation = {
    sessionId,
    userId: session.userId,
    model,
    run: session.runId ? await loadRunFacts(prisma, session.runId) : null,
    summary: session.conversationSummary,
    history: recent.reverse().map((m) => ({ role: m.role, content: m.content })),
  };
  return loaded;
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
