import { z } from "zod";
import { lastFillTime, loadBoundRun, type BoundRun } from "../chat/tools/bound-run.js";
import { getRunOverview } from "../chat/tools/get-run-overview.js";
import { ToolInputError, type Read } from "../chat/tools/tool.js";
import { notFound } from "../errors.js";

export const runFiguresOutput = z.object({
  runId: z.number().int(),
  status: z.enum(["running", "completed", "stopped", "failed"]),
  /** The moment the figures are for: now for a running run, else its end. */
  asOf: z.iso.datetime(),
  /** The latest fill the figures include, or null before the first. */
  lastFillAt: z.iso.datetime().nullable(),
  fills: z.number().int(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  fees: z.number(),
  totalPnl: z.number(),
  equity: z.number(),
  openPositions: z.number().int(),
});
export type RunFigures = z.infer<typeof runFiguresOutput>;

interface OverviewFigures {
  fillCount: number;
  realizedPnl: number;
  unrealizedPnl: number;
  totalFees: number;
  totalPnl: number;
  endingEquity: number;
  openPositionCount: number;
}

/** The run as the tools read it, if it is the user's; else NOT_FOUND. */
export function readRun(read: Read, scope: { runId: number; userId: string }, now: Date): Promise<BoundRun> {
  return read((tx) => loadBoundRun(tx, scope, now)).catch((error: unknown) => {
    // The tools' "no longer exists" is, to a caller naming a run, a run not found (or not theirs).
    throw error instanceof ToolInputError ? notFound("Run") : error;
  });
}

/**
 * A run's headline figures, computed as get_run_overview computes them (the same code), so the
 * header of a run conversation and the assistant's tool never disagree.
 */
export async function runFigures(read: Read, scope: { runId: number; userId: string }, now: Date): Promise<RunFigures> {
  const run = await readRun(read, scope, now);
  const prepared = getRunOverview.prepare({});
  if (!prepared.ok) throw new Error(prepared.error);
  const [overview, lastFillAt] = await Promise.all([
    prepared.work(read, run) as Promise<OverviewFigures>,
    read((tx) => lastFillTime(tx, run.id, run.asOf)),
  ]);
  return {
    runId: run.id,
    status: run.status,
    asOf: run.asOf.toISOString(),
    lastFillAt: lastFillAt?.toISOString() ?? null,
    fills: overview.fillCount,
    realizedPnl: overview.realizedPnl,
    unrealizedPnl: overview.unrealizedPnl,
    fees: overview.totalFees,
    totalPnl: overview.totalPnl,
    equity: overview.endingEquity,
    openPositions: overview.openPositionCount,
  };
}
