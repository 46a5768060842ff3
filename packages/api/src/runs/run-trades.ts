import { z } from "zod";
import type { BoundRun } from "../chat/tools/bound-run.js";
import { listTrades } from "../chat/tools/list-trades.js";
import { ToolInputError, type Read } from "../chat/tools/tool.js";
import { AppError, notFound } from "../errors.js";
import { idSchema } from "../sessions/schemas.js";
import { readRun } from "./run-figures.js";
import { countTrades, cursorAfterPosition, tradesAhead, type TradeOrder } from "./trade-positions.js";
import { runRef } from "./write-schemas.js";

/**
 * One page of a run's trades for the details panel, sorted and paged on the server, so a run of
 * any length pages to its end and a sort covers every trade. Reading on is list_trades' keyset
 * cursor (cheap at any depth); a page by number (going back) and the page holding a trade (a
 * compliance finding clicked through) are found through trade-positions.ts, then read the same way.
 */
export const runTradesInput = runRef
  .extend({
    sort: z.enum(["time", "realized_pnl"]).default("time"),
    direction: z.enum(["asc", "desc"]).optional(),
    limit: z.int().min(1).max(100).default(100),
    /** The nextCursor of the previous page: the page after it. */
    cursor: z.string().max(500).optional(),
    /** The page of this number, from 0. */
    page: z.int().min(0).max(10_000_000).optional(),
    /** The page that holds this trade. */
    at: idSchema.optional(),
  })
  .refine((input) => [input.cursor, input.page, input.at].filter((way) => way !== undefined).length <= 1, {
    message: "Ask for a page one way: cursor, page or at",
  });

export const runTradesOutput = z.object({
  sort: z.enum(["time", "realized_pnl"]),
  direction: z.enum(["asc", "desc"]),
  trades: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
  /** This page's number, from 0; null after a cursor, whose caller already knows it. */
  page: z.int().nullable(),
  /** The run's trades as of now, all pages together. */
  total: z.int(),
});
export type RunTradesPage = z.infer<typeof runTradesOutput>;

export async function runTrades(
  read: Read,
  scope: { userId: string; now: Date },
  input: z.output<typeof runTradesInput>,
): Promise<RunTradesPage> {
  const run = await readRun(read, { runId: input.runId, userId: scope.userId }, scope.now);
  const order: TradeOrder = { sort: input.sort, direction: input.direction ?? (input.sort === "time" ? "asc" : "desc") };
  const page = input.cursor !== undefined ? null : input.at !== undefined ? await pageHolding(read, run, order, input) : (input.page ?? 0);
  const [listed, total] = await Promise.all([listPage(read, run, order, input, page), read((tx) => countTrades(tx, run))]);
  return runTradesOutput.parse({ ...listed, page, total });
}

async function listPage(read: Read, run: BoundRun, order: TradeOrder, input: { limit: number; cursor?: string }, page: number | null) {
  const start = page === null ? null : page * input.limit;
  // The page begins after the trade just before it: that trade's key is the cursor.
  const cursor = start ? await read((tx) => cursorAfterPosition(tx, run, order, start - 1)) : input.cursor;
  if (start && cursor === undefined) return { ...order, trades: [], nextCursor: null };
  const prepared = listTrades.prepare({ ...order, limit: input.limit, ...(cursor === undefined ? {} : { cursor }) });
  if (!prepared.ok) throw new AppError("INVALID_INPUT", prepared.error);
  try {
    return (await prepared.work(read, run)) as Omit<RunTradesPage, "page" | "total">;
  } catch (error) {
    // A cursor from another sort, or not one of ours, is the caller's mistake.
    if (error instanceof ToolInputError) throw new AppError("INVALID_INPUT", error.message);
    throw error;
  }
}

/** The number of the page holding this trade: how many come before it in the order, in pages. */
async function pageHolding(read: Read, run: BoundRun, order: TradeOrder, input: { at?: number; limit: number }): Promise<number> {
  const tradeId = input.at ?? 0;
  const ahead = await read((tx) => tradesAhead(tx, run, order, tradeId));
  if (ahead === null) throw notFound(`Trade #${tradeId} of this run`);
  return Math.floor(ahead / input.limit);
}
