import { fillCursor, openLedger } from "./ledger.js";
import { sumOf, valuePositions } from "./positions-at.js";
import { createPriceLookup } from "./prices.js";
import { intervalGrid, type Interval } from "./time-grid.js";
import type { Fill, PriceMark } from "./types.js";

export interface EquityCurveInput {
  startingCapital: number;
  fills: readonly Fill[];
  marks: readonly PriceMark[];
  from: Date;
  to: Date;
  interval: Interval;
}

/** The account at one moment, counting fills executed and marks taken at or before `at`. */
export interface EquityPoint {
  at: Date;
  /** cash + marketValue = startingCapital + realizedPnl + unrealizedPnl − fees. */
  equity: number;
  cash: number;
  /** Signed sum over open positions of quantity × mark: shorts count negative. */
  marketValue: number;
  /** Cumulative, gross of fees. */
  realizedPnl: number;
  unrealizedPnl: number;
  /** Cumulative fees paid. */
  fees: number;
}

/** Equity at `from`, at each UTC interval boundary in between, and at `to` (see `intervalGrid`). */
export function equityCurve(input: EquityCurveInput): EquityPoint[] {
  const prices = createPriceLookup(input.fills, input.marks);
  const ledger = openLedger(input.startingCapital);
  const cursor = fillCursor(ledger, input.fills);
  return intervalGrid(input.from, input.to, input.interval).map((at) => {
    cursor.advanceTo(at, true);
    const open = valuePositions(ledger.positions, prices, at);
    const marketValue = sumOf(open, "marketValue");
    return {
      at,
      equity: ledger.cash + marketValue,
      cash: ledger.cash,
      marketValue,
      realizedPnl: ledger.realizedPnl,
      unrealizedPnl: sumOf(open, "unrealizedPnl"),
      fees: ledger.fees,
    };
  });
}
