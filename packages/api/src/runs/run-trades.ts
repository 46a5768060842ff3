import { Prisma } from "@parley/db";
import { z } from "zod";
import type { BoundRun } from "../chat/tools/bound-run.js";
import { listTrades } from "../chat/tools/list-trades.js";
import { encodeCursor, type SortDirection, type TradeSort } from "../chat/tools/trade-cursor.js";
import { ToolInputError, type Read } from "../chat/tools/tool.js";
import { AppError, notFound } from "../errors.js";
import { idSchema } from "../sessions/schemas.js";
import { readRun } from "./run-figures.js";
import { runRef } from "./write-schemas.js";

/**
 * One page of a run's trades for the details panel, sorted and paged on the server, so a run of
 * any length pages to its end and a sort covers every trade. Reading on is list_trades' keyset
 * cursor (cheap at any depth); a page by number (going back) and the page holding a trade (a
 * compliance finding clicked through) are found by counting once, then read the same way.
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

type Order = { sort: TradeSort; direction: SortDirection };

export async function runTrades(
  read: Read,
  scope: { userId: string; now: Date },
  input: z.output<typeof runTradesInput>,
): Promise<RunTradesPage> {
  const run = await readRun(read, { runId: input.runId, userId: scope.userId }, scope.now);
  const order: Order = { sort: input.sort, direction: input.direction ?? (input.sort === "time" ? "asc" : "desc") };
  const page = input.cursor !== undefined ? null : input.at !== undefined ? await pageHolding(read, run, order, input) : (input.page ?? 0);
  const [listed, total] = await Promise.all([
    listPage(read, run, order, input, page),
    read(
      (tx) => tx.$queryRaw<[{ total: number }]>`
      SELECT count(*)::int AS total FROM trades WHERE run_id = ${run.id} AND executed_at <= ${run.asOf}`,
    ),
  ]);
  return runTradesOutput.parse({ ...listed, page, total: total[0].total });
}

async function listPage(read: Read, run: BoundRun, order: Order, input: { limit: number; cursor?: string }, page: number | null) {
  const start = page === null ? null : page * input.limit;
  // The page begins after the trade just before it: that trade's key is the cursor.
  const cursor = start ? await cursorAt(read, run, order, start - 1) : input.cursor;
  if (start && cursor === undefined) return { sort: order.sort, direction: order.direction, trades: [], nextCursor: null };
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

const sortColumn = (sort: TradeSort) => Prisma.raw(sort === "time" ? "executed_at" : "realized_pnl");

/** The cursor just after the trade at this position in the order, or undefined past the end. */
async function cursorAt(read: Read, run: BoundRun, order: Order, position: number): Promise<string | undefined> {
  const way = Prisma.raw(order.direction === "asc" ? "ASC" : "DESC");
  const [row] = await read(
    (tx) =>
      tx.$queryRaw<{ id: number; executed_at: Date; realized_key: string }[]>`
      SELECT id, executed_at, realized_pnl::text AS realized_key FROM trades
       WHERE run_id = ${run.id} AND executed_at <= ${run.asOf}
       ORDER BY ${sortColumn(order.sort)} ${way}, id ${way}
      OFFSET ${position} LIMIT 1`,
  );
  if (!row) return undefined;
  return encodeCursor({ ...order, key: order.sort === "time" ? row.executed_at.toISOString() : row.realized_key, id: row.id });
}

/** The number of the page holding this trade: how many come before it in the order, in pages. */
async function pageHolding(read: Read, run: BoundRun, order: Order, input: { at?: number; limit: number }): Promise<number> {
  const column = sortColumn(order.sort);
  const before = Prisma.raw(order.direction === "asc" ? "<" : ">");
  const [found] = await read(
    (tx) =>
      tx.$queryRaw<{ ahead: number }[]>`
      SELECT (SELECT count(*)::int FROM trades t
               WHERE t.run_id = ${run.id} AND t.executed_at <= ${run.asOf}
                 AND (t.${column}, t.id) ${before} (target.${column}, target.id)) AS ahead
        FROM trades target
       WHERE target.run_id = ${run.id} AND target.id = ${input.at} AND target.executed_at <= ${run.asOf}`,
  );
  if (!found) throw notFound(`Trade #${input.at} of this run`);
  return Math.floor(found.ahead / input.limit);
}
