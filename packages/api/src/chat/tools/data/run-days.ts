import type { Db } from "../../../db/as-user.js";
import { toBucket, type Bucket, type BucketTuple } from "./buckets.js";
import type { MarkBucket } from "./mark-buckets.js";

/** The run's whole UTC days up to the midnight `through`: their fills as buckets, their last marks. */
export interface WholeDays {
  fills: Bucket[];
  marks: MarkBucket[];
}

/**
 * From run_days (kept by triggers on trades and price_marks), a row per day, so a year of a run
 * is a few hundred rows however many fills and marks it had. They come as one JSON text: parsed
 * once here, rather than value by value by the client, which costs more than the query.
 */
export async function loadWholeDays(tx: Db, runId: number, through: Date): Promise<WholeDays> {
  const [row] = await tx.$queryRaw<Array<{ days: string | null }>>`
    SELECT json_agg(json_build_array((extract(epoch FROM day_end) * 1000)::float8, fills_at_day_end, fill_count,
                                     net_notional, realized_pnl, fees, closing_count, win_count, win_total, loss_count,
                                     loss_total, holdings, closing_marks) ORDER BY day_end)::text AS days
      FROM run_days
     WHERE run_id = ${runId} AND day_end <= ${through}`;
  const days = JSON.parse(row?.days ?? "[]") as Array<readonly [...BucketTuple, Record<string, number>]>;
  return { fills: days.filter((day) => day[2] > 0).map(toBucket), marks: days.map((day) => ({ end: day[0], prices: day[12] })) };
}

/** symbol → [fills, closing fills, wins, losses, realized P&L, fees, Σ quantity, Σ quantity × price]. */
export type SymbolTotals = Record<string, [number, number, number, number, number, number, number, number]>;

/** Each whole day's per-symbol totals, for the symbol breakdown. */
export async function loadDaySymbolTotals(tx: Db, runId: number, through: Date): Promise<SymbolTotals[]> {
  const [row] = await tx.$queryRaw<Array<{ totals: string | null }>>`
    SELECT json_agg(symbol_totals)::text AS totals FROM run_days WHERE run_id = ${runId} AND day_end <= ${through} AND fill_count > 0`;
  return JSON.parse(row?.totals ?? "[]") as SymbolTotals[];
}
