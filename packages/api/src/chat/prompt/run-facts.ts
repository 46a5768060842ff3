import { Prisma, type PrismaClient } from "@parley/db";
import { queryRuns, toRunOutput } from "../../runs/queries.js";
import { runFigures, runFiguresOutput, type RunFigures } from "../../runs/run-figures.js";

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
  /** The headline figures now (as the run's watchers see them). */
  figures: RunFigures | null;
  /** The figures the previous reply was written with, to say what changed since. */
  toldBefore: RunFigures | null;
}

/**
 * The run's facts for the system prompt, read as the owner (a job) for the conversation's user:
 * the stored headline, the figures now, and the figures told at the last reply (stored on it).
 */
export async function loadRunFacts(
  prisma: PrismaClient,
  scope: { runId: number; userId: string },
  told: unknown,
): Promise<RunFactsForPrompt | null> {
  const [[row], figures] = await Promise.all([
    queryRuns(prisma, Prisma.sql`r.id = ${scope.runId}`),
    runFigures((query) => query(prisma), scope, new Date()).catch(() => null),
  ]);
  if (!row) return null;
  const run = toRunOutput(row);
  const toldBefore = runFiguresOutput.safeParse(told);
  return {
    id: run.id,
    status: run.status,
    startedAt: new Date(run.startedAt),
    endedAt: run.endedAt ? new Date(run.endedAt) : null,
    startingCapital: run.startingCapital,
    ...run.headline,
    figures,
    toldBefore: toldBefore.success ? toldBefore.data : null,
  };
}

/** Stores the figures a reply is written with on it, for the next turn's "since your last answer". */
export async function rememberToldFigures(prisma: PrismaClient, messageId: number, figures: RunFigures): Promise<void> {
  await prisma.chatMessage.update({ where: { id: messageId }, data: { runFigures: figures }, select: { id: true } });
}
