import { floorToInterval } from "@parley/trading";
import { z } from "zod";
import type { Db } from "../../db/as-user.js";
import { loadDaySymbolTotals, type SymbolTotals } from "./data/run-days.js";
import { visitAccountState } from "./load-states.js";
import { money, quantity, ratio, time } from "./output.js";
import { defineTool, type Read } from "./tool.js";
import { openPositions } from "./valuation.js";

const MAX_SYMBOLS = 100;
type Totals = SymbolTotals[string];

export const getSymbolBreakdown = defineTool({
  name: "get_symbol_breakdown",
  description:
    "Per symbol traded in this run, by symbol: fills, closing fills, wins, losses, win rate, realized P&L (before fees), " +
    "fees, net P&L (realized − fees), unrealized P&L and open quantity at the end of the run, volume (Σ quantity) and " +
    "notional volume (Σ quantity × price).",
  input: z.strictObject({}),
  async run(read, run) {
    const [totals, positions] = await Promise.all([
      symbolTotals(read, run.id, run.asOf),
      visitAccountState(read, run.id, run.asOf, openPositions),
    ]);
    const open = new Map(positions.map((position) => [position.symbol, position]));
    const symbols = [...totals.keys()].sort();
    return {
      asOf: time(run.asOf),
      symbolCount: symbols.length,
      symbols: symbols.slice(0, MAX_SYMBOLS).map((symbol) => {
        const [fills, closing, wins, losses, realized, fees, volume, notional] = totals.get(symbol) ?? [0, 0, 0, 0, 0, 0, 0, 0];
        return {
          symbol,
          fillCount: fills,
          closingFillCount: closing,
          winCount: wins,
          lossCount: losses,
          winRate: closing ? ratio(wins / closing) : null,
          realizedPnl: money(realized),
          fees: money(fees),
          netPnl: money(realized - fees),
          unrealizedPnl: money(open.get(symbol)?.unrealizedPnl ?? 0),
          openQuantity: quantity(open.get(symbol)?.quantity ?? 0),
          volume: quantity(volume),
          notionalVolume: money(notional),
        };
      }),
      truncated: symbols.length > MAX_SYMBOLS,
    };
  },
});

/** Whole days from run_days, the fills since the last midnight from trades, summed per symbol. */
async function symbolTotals(read: Read, runId: number, asOf: Date): Promise<Map<string, Totals>> {
  const midnight = floorToInterval(asOf, "day");
  const [days, recent] = await Promise.all([
    read((tx) => loadDaySymbolTotals(tx, runId, midnight)),
    read((tx) => recentSymbolTotals(tx, runId, midnight, asOf)),
  ]);
  const sums = new Map<string, Totals>();
  for (const day of [...days, recent]) {
    for (const [symbol, figures] of Object.entries(day)) {
      const sum = sums.get(symbol) ?? [0, 0, 0, 0, 0, 0, 0, 0];
      sums.set(symbol, sum.map((value, index) => value + (figures[index] ?? 0)) as Totals);
    }
  }
  return sums;
}

async function recentSymbolTotals(tx: Db, runId: number, after: Date, through: Date): Promise<SymbolTotals> {
  const [row] = await tx.$queryRaw<Array<{ totals: SymbolTotals | null }>>`
    SELECT json_object_agg(symbol, json_build_array(fills, closing, wins, losses, realized_pnl, fees, volume, notional)) AS totals
      FROM (SELECT symbol, count(*) AS fills, count(*) FILTER (WHERE closed_quantity > 0) AS closing,
                   count(*) FILTER (WHERE closed_quantity > 0 AND realized_pnl > fees) AS wins,
                   count(*) FILTER (WHERE closed_quantity > 0 AND realized_pnl < fees) AS losses,
                   sum(realized_pnl)::float8 AS realized_pnl, sum(fees)::float8 AS fees, sum(quantity)::float8 AS volume,
                   sum(quantity * price)::float8 AS notional
              FROM trades WHERE run_id = ${runId} AND executed_at > ${after} AND executed_at <= ${through}
             GROUP BY symbol) AS per_symbol`;
  return row?.totals ?? {};
}
