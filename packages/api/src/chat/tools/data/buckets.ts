/** Additive figures of a set of fills; money gross of fees unless named otherwise. */
export interface FillTotals {
  fills: number;
  /** Σ signed quantity × price (buys positive): what the fills cost in cash, before fees. */
  netNotional: number;
  realizedPnl: number;
  fees: number;
  /** Closing fills (they reduced a position), those whose realized P&L beats their own fees, those below. */
  closing: number;
  wins: number;
  /** Σ (realized P&L − fees) over the wins (≥ 0) and over the losses (≤ 0). */
  winTotal: number;
  losses: number;
  lossTotal: number;
}

/**
 * One symbol's part of a bucket: [Σ signed quantity, Σ signed quantity × price + Σ realized P&L
 * (the change in the position's cost basis), the price of the bucket's last fill of the symbol].
 * Kept as the tuple the database sends: a run's days hold thousands of them.
 */
export type SymbolChange = readonly [quantity: number, cost: number, lastPrice: number];

/** The fills executed in (previous bucket's end, end]: a UTC day, or one step of a grid. */
export interface Bucket {
  end: number;
  /** Fills executed exactly at `end`. */
  fillsAtEnd: number;
  totals: FillTotals;
  symbols: Readonly<Record<string, SymbolChange>>;
}

/**
 * A bucket as both bucket queries send it (see run-days.ts and fill-buckets.ts), in this order:
 * end (ms), fills at end, fills, net notional, realized P&L, fees, closing, wins, win total,
 * losses, loss total, symbols.
 */
export type BucketTuple = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  Record<string, SymbolChange>,
];

/** The first twelve values of `tuple` (the whole-days query sends the day's marks after them). */
export function toBucket(tuple: readonly [...BucketTuple, ...unknown[]]): Bucket {
  const [end, fillsAtEnd, fills, netNotional, realizedPnl, fees, closing, wins, winTotal, losses, lossTotal, symbols] = tuple;
  return { end, fillsAtEnd, totals: { fills, netNotional, realizedPnl, fees, closing, wins, winTotal, losses, lossTotal }, symbols };
}

export function emptyTotals(): FillTotals {
  return { fills: 0, netNotional: 0, realizedPnl: 0, fees: 0, closing: 0, wins: 0, winTotal: 0, losses: 0, lossTotal: 0 };
}

export function addTotals(into: FillTotals, add: FillTotals): void {
  for (const key of Object.keys(into) as Array<keyof FillTotals>) into[key] += add[key];
}
