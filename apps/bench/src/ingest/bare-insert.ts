import type pg from "pg";
import type { FillInput } from "./generate-fills.js";

/**
 * The baseline: the same rows into the same table, triggers (run_days) included, as one
 * multi-row INSERT per batch over plain pg, with none of the API's work (validation, the run
 * lock, the duplicate check, replay, RLS, JSON over HTTP). Realized P&L is left at 0.
 */
export async function bareInsert(client: pg.Client, runId: number, fills: readonly FillInput[]) {
  const column = <T>(pick: (fill: FillInput) => T) => fills.map(pick);
  await client.query(
    `INSERT INTO trades (run_id, producer_fill_id, symbol, asset_type, side, quantity, price, fees, order_type,
                         realized_pnl, closed_quantity, executed_at)
     SELECT $1, f.fill_id, f.symbol, 'stock', f.side::trade_side, f.quantity, f.price, f.fees, f.order_type::order_type, 0, 0, f.executed_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[], $9::timestamptz[])
            AS f(fill_id, symbol, side, quantity, price, fees, order_type, executed_at)`,
    [
      runId,
      column((fill) => fill.fillId),
      column((fill) => fill.symbol),
      column((fill) => fill.side),
      column((fill) => fill.quantity),
      column((fill) => fill.price),
      column((fill) => fill.fees ?? 0),
      column((fill) => fill.orderType),
      column((fill) => fill.executedAt),
    ],
  );
}
