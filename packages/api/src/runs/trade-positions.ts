import { Prisma } from "@parley/db";
import type { Db } from "../db/as-user.js";
import type { BoundRun } from "../chat/tools/bound-run.js";
import { encodeCursor, type SortDirection, type TradeSort } from "../chat/tools/trade-cursor.js";

export type TradeOrder = { sort: TradeSort; direction: SortDirection };

// Where a trade stands among a run's trades (as of the run's "as of" time), and which trade
// stands at a position, without reading every trade before it where that can be helped.
//
// In time order the trigger-kept run_days hold each day's fill count, so the days before a trade
// are summed (a row a day) and only its own day is counted or skipped through: a few ms at any
// depth of a run of a million. Realized P&L has no such aggregate, and under row-level security
// a comparison on `numeric` (not leakproof) cannot bound the index scan, so a position in that
// order costs one pass over the run's P&L index (index-only): ~0.3 s per million trades.

// run_days' days end at UTC midnights and hold the 24 hours up to and including their end.
const DAY_MS = 86_400_000;

/** The last UTC midnight at or before the run's "as of" time: the days through it are in run_days. */
const lastMidnight = (run: BoundRun) => Prisma.sql`date_bin('24 hours', ${run.asOf}::timestamptz, timestamptz '2000-01-03 00:00:00+00')`;

/** The run's trades as of its "as of" time: whole days from run_days, the rest of the last day counted. */
export async function countTrades(tx: Db, run: BoundRun): Promise<number> {
  const [row] = await tx.$queryRaw<[{ total: number }]>`
    SELECT (SELECT COALESCE(sum(fill_count), 0) FROM run_days WHERE run_id = ${run.id} AND day_end <= ${lastMidnight(run)})::int
         + (SELECT count(*) FROM trades WHERE run_id = ${run.id} AND executed_at > ${lastMidnight(run)} AND executed_at <= ${run.asOf})::int
           AS total`;
  return row.total;
}

/** How many of the run's trades come before this one in the order; null when it is not one of them. */
export async function tradesAhead(tx: Db, run: BoundRun, order: TradeOrder, tradeId: number): Promise<number | null> {
  const [target] = await tx.$queryRaw<{ executed_at: Date; realized_key: string }[]>`
    SELECT executed_at, realized_pnl::text AS realized_key FROM trades
     WHERE run_id = ${run.id} AND id = ${tradeId} AND executed_at <= ${run.asOf}`;
  if (!target) return null;
  const earlier = order.direction === "asc";
  if (order.sort === "time") {
    // The days before the trade's own, then its day up to it. Bounds computed here, not joined
    // in, so both are index conditions (under RLS only constants bound a scan this way).
    const dayEnd = new Date(Math.ceil(target.executed_at.getTime() / DAY_MS) * DAY_MS);
    const dayStart = new Date(dayEnd.getTime() - DAY_MS);
    const [row] = await tx.$queryRaw<[{ ahead: number }]>`
      SELECT (SELECT COALESCE(sum(fill_count), 0) FROM run_days WHERE run_id = ${run.id} AND day_end <= ${dayStart})::int
           + (SELECT count(*) FROM trades
               WHERE run_id = ${run.id} AND executed_at > ${dayStart} AND executed_at <= ${target.executed_at}
                 AND (executed_at < ${target.executed_at} OR id < ${tradeId}))::int
             AS ahead`;
    return earlier ? row.ahead : (await countTrades(tx, run)) - row.ahead - 1;
  }
  const before = Prisma.raw(earlier ? "<" : ">");
  const [row] = await tx.$queryRaw<[{ ahead: number }]>`
    SELECT count(*)::int AS ahead FROM trades
     WHERE run_id = ${run.id} AND ${await asOfFilter(tx, run)}
       AND (realized_pnl, id) ${before} (${target.realized_key}::numeric, ${tradeId})`;
  return row.ahead;
}

/** The cursor just after the trade at this position in the order (from 0), or undefined past the end. */
export async function cursorAfterPosition(tx: Db, run: BoundRun, order: TradeOrder, position: number): Promise<string | undefined> {
  const found =
    order.sort === "time" ? await timeOrderAt(tx, run, order.direction, position) : await pnlOrderAt(tx, run, order.direction, position);
  if (!found) return undefined;
  return encodeCursor({ ...order, key: order.sort === "time" ? found.executed_at.toISOString() : found.realized_key, id: found.id });
}

/**
 * The "as of" bound where it excludes a trade, else nothing: without it a pass over the P&L index
 * need not read the table (the usual case: a finished run's trades all fall within it).
 */
async function asOfFilter(tx: Db, run: BoundRun): Promise<Prisma.Sql> {
  const [later] = await tx.$queryRaw<unknown[]>`SELECT 1 FROM trades WHERE run_id = ${run.id} AND executed_at > ${run.asOf} LIMIT 1`;
  return later ? Prisma.sql`executed_at <= ${run.asOf}` : Prisma.sql`TRUE`;
}

type Found = { id: number; executed_at: Date; realized_key: string } | undefined;

async function timeOrderAt(tx: Db, run: BoundRun, direction: SortDirection, position: number): Promise<Found> {
  // Newest first is the same walk from the other end.
  const fromStart = direction === "asc" ? position : (await countTrades(tx, run)) - 1 - position;
  if (fromStart < 0) return undefined;
  // The first day (whole, through the last midnight) whose running count passes the position, or
  // the rest of the last day; then the trades of that stretch, skipped through to the position.
  const [stretch] = await tx.$queryRaw<[{ after: Date | null; skipped: number }]>`
    WITH days AS (
      SELECT day_end, (sum(fill_count) OVER (ORDER BY day_end))::int AS through, fill_count
        FROM run_days WHERE run_id = ${run.id} AND day_end <= ${lastMidnight(run)}
    ), holding AS (SELECT day_end, through - fill_count AS skipped FROM days WHERE through > ${fromStart} ORDER BY day_end LIMIT 1)
    SELECT COALESCE((SELECT day_end - interval '24 hours' FROM holding), ${lastMidnight(run)}) AS after,
           COALESCE((SELECT skipped FROM holding), (SELECT max(through) FROM days), 0)::int AS skipped`;
  const [row] = await tx.$queryRaw<{ id: number; executed_at: Date; realized_key: string }[]>`
    SELECT id, executed_at, realized_pnl::text AS realized_key FROM trades
     WHERE run_id = ${run.id} AND executed_at > ${stretch.after ?? new Date(0)} AND executed_at <= ${run.asOf}
     ORDER BY executed_at, id OFFSET ${fromStart - stretch.skipped} LIMIT 1`;
  return row;
}

async function pnlOrderAt(tx: Db, run: BoundRun, direction: SortDirection, position: number): Promise<Found> {
  const way = Prisma.raw(direction === "asc" ? "ASC" : "DESC");
  // The ids alone come from the P&L index without touching the table; then the one row.
  const [row] = await tx.$queryRaw<{ id: number; executed_at: Date; realized_key: string }[]>`
    SELECT t.id, t.executed_at, t.realized_pnl::text AS realized_key FROM trades t
     WHERE t.id = (SELECT id FROM trades WHERE run_id = ${run.id} AND ${await asOfFilter(tx, run)}
                    ORDER BY realized_pnl ${way}, id ${way} OFFSET ${position} LIMIT 1)`;
  return row;
}
