import { z } from "zod";
import { lastFillTime, type BoundRun } from "../chat/tools/bound-run.js";
import { getEquityCurve } from "../chat/tools/get-equity-curve.js";
import { getPositions } from "../chat/tools/get-positions.js";
import { getRunOverview } from "../chat/tools/get-run-overview.js";
import { getSymbolBreakdown } from "../chat/tools/get-symbol-breakdown.js";
import { time } from "../chat/tools/output.js";
import { ToolInputError, type Read, type RunTool } from "../chat/tools/tool.js";
import { readRun } from "./run-figures.js";

// Each part is exactly what the run tool of that name returns to the assistant (rounded the same
// way), so the panel and a reply's drawing of the same moment show the same figures.
const toolResult = z.record(z.string(), z.unknown());

export const runInsightOutput = z.object({
  runId: z.number().int(),
  status: z.enum(["running", "completed", "stopped", "failed"]),
  dataAsOf: z.object({ time: z.iso.datetime(), lastFillAt: z.iso.datetime().nullable() }),
  overview: toolResult,
  /** Null for a run too long for the curve's point limit even by weeks. */
  equityCurve: toolResult.nullable(),
  positions: toolResult,
  symbols: toolResult,
});
export type RunInsight = z.infer<typeof runInsightOutput>;

/**
 * What the run details panel draws: the run tools' results for the run as of now, read as the
 * user. Its trades table pages through runs.trades instead, since a run can hold millions.
 */
export async function runInsight(read: Read, scope: { runId: number; userId: string }, now: Date): Promise<RunInsight> {
  const run = await readRun(read, scope, now);
  const [overview, equityCurve, positions, symbols, lastFillAt] = await Promise.all([
    runTool(read, run, getRunOverview, {}),
    runTool(read, run, getEquityCurve, {}).catch((error: unknown) => {
      if (error instanceof ToolInputError) return null;
      throw error;
    }),
    runTool(read, run, getPositions, {}),
    runTool(read, run, getSymbolBreakdown, {}),
    read((tx) => lastFillTime(tx, run.id, run.asOf)),
  ]);
  return {
    runId: run.id,
    status: run.status,
    dataAsOf: { time: time(run.asOf), lastFillAt: lastFillAt && time(lastFillAt) },
    overview,
    equityCurve,
    positions,
    symbols,
  };
}

async function runTool(read: Read, run: BoundRun, tool: RunTool, args: object): Promise<Record<string, unknown>> {
  const prepared = tool.prepare(args);
  if (!prepared.ok) throw new Error(`${tool.spec.name}: ${prepared.error}`);
  return (await prepared.work(read, run)) as Record<string, unknown>;
}
