import { Prisma } from "@parley/db";
import type { Db } from "../../../db/as-user.js";
import { toBucket, type Bucket, type BucketTuple } from "./buckets.js";
import { gridPointOf, type GridSpec } from "./grid-sql.js";

/** A span of time, start excluded and end included, as fills are counted at a point. */
export interface Span {
  after: Date;
  through: Date;
}

/**
 * The run's fills executed within `spans`, read from trades and bucketed by grid point: the
 * pieces of days that trade_day_totals cannot split (before a point that is not a midnight).
 */
export async function loadFillBuckets(tx: Db, runId: number, grid: GridSpec, spans: readonly Span[]): Promise<Bucket[]> {
  if (!spans.length) return [];
  const [row] = await tx.$queryRaw<Array<{ buckets: string | null }>>`
    WITH fills AS (
      SELECT t.id, t.symbol, t.price, t.fees, t.realized_pnl, t.executed_at, t.closed_quantity > 0 AS closing,
             CASE WHEN t.side = 'buy' THEN t.quantity ELSE -t.quantity END AS signed,
             ${gridPointOf(Prisma.sql`t.executed_at`, grid)} AS point
        FROM unnest(${spans.map((span) => span.after)}::timestamptz[], ${spans.map((span) => span.through)}::timestamptz[])
             AS s(after, through)
        JOIN trades t ON t.run_id = ${runId} AND t.executed_at > s.after AND t.executed_at <= s.through
    ), per_symbol AS (
      SELECT point, symbol, count(*) AS fills, count(*) FILTER (WHERE executed_at = point) AS fills_at_end,
             sum(signed) AS quantity, sum(signed * price) AS net_notional, sum(realized_pnl) AS realized_pnl,
             sum(fees) AS fees, count(*) FILTER (WHERE closing) AS closing,
             count(*) FILTER (WHERE closing AND realized_pnl > fees) AS wins,
             COALESCE(sum(realized_pnl - fees) FILTER (WHERE closing AND realized_pnl > fees), 0) AS win_total,
             count(*) FILTER (WHERE closing AND realized_pnl < fees) AS losses,
             COALESCE(sum(realized_pnl - fees) FILTER (WHERE closing AND realized_pnl < fees), 0) AS loss_total,
             (array_agg(price ORDER BY executed_at DESC, id DESC))[1] AS last_price
        FROM fills GROUP BY point, symbol
    )
    SELECT json_agg(json_build_array((extract(epoch FROM point) * 1000)::float8, fills_at_end, fills, net_notional,
                                     realized_pnl, fees, closing, wins, win_total, losses, loss_total, symbols)
                    ORDER BY point)::text AS buckets
      FROM (SELECT point, sum(fills_at_end) AS fills_at_end, sum(fills) AS fills, sum(net_notional)::float8 AS net_notional,
                   sum(realized_pnl)::float8 AS realized_pnl, sum(fees)::float8 AS fees, sum(closing) AS closing,
                   sum(wins) AS wins, sum(win_total)::float8 AS win_total, sum(losses) AS losses,
                   sum(loss_total)::float8 AS loss_total,
                   json_object_agg(symbol, json_build_array(quantity::float8, (net_notional + realized_pnl)::float8,
                                                            last_price::float8)) AS symbols
              FROM per_symbol
             GROUP BY point) AS buckets`;
  return (JSON.parse(row?.buckets ?? "[]") as BucketTuple[]).map(toBucket);
}
