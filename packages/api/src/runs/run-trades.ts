import { z } from "zod";
import { listTrades } from "../chat/tools/list-trades.js";
import { ToolInputError, type Read } from "../chat/tools/tool.js";
import { AppError } from "../errors.js";
import { readRun } from "./run-figures.js";
import { runRef } from "./write-schemas.js";

/**
 * One page of a run's trades for the details panel, sorted and paged on the server by list_trades'
 * own keyset cursor, so a run of any length pages to its end and a sort covers every trade.
 */
export const runTradesInput = runRef.extend({
  sort: z.enum(["time", "realized_pnl"]).default("time"),
  direction: z.enum(["asc", "desc"]).optional(),
  limit: z.int().min(1).max(100).default(100),
  cursor: z.string().max(500).optional(),
});

export const runTradesOutput = z.object({
  sort: z.enum(["time", "realized_pnl"]),
  direction: z.enum(["asc", "desc"]),
  trades: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
});
export type RunTradesPage = z.infer<typeof runTradesOutput>;

export async function runTrades(
  read: Read,
  scope: { userId: string; now: Date },
  input: z.output<typeof runTradesInput>,
): Promise<RunTradesPage> {
  const { runId, ...args } = input;
  const run = await readRun(read, { runId, userId: scope.userId }, scope.now);
  const prepared = listTrades.prepare(args);
  if (!prepared.ok) throw new AppError("INVALID_INPUT", prepared.error);
  try {
    return runTradesOutput.parse(await prepared.work(read, run));
  } catch (error) {
    // A cursor from another sort, or not one of ours, is the caller's mistake.
    if (error instanceof ToolInputError) throw new AppError("INVALID_INPUT", error.message);
    throw error;
  }
}
