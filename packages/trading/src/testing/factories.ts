import type { Fill, PriceMark, Side } from "../types.js";

/** One blotter line: when, side, quantity, symbol, price, then any other field of the fill. */
export type FillLine = [executedAt: string, side: Side, quantity: number, symbol: string, price: number, extra?: Partial<Fill>];

/** Fills numbered 1, 2, 3… in the order given; stock, market order, no fees unless stated. */
export function blotter(...lines: FillLine[]): Fill[] {
  return lines.map(([executedAt, side, quantity, symbol, price, extra], index) => ({
    id: index + 1,
    symbol,
    assetType: "stock",
    side,
    quantity,
    price,
    fees: 0,
    orderType: "market",
    executedAt: new Date(executedAt),
    ...extra,
  }));
}

export function marksOf(...lines: [at: string, symbol: string, price: number][]): PriceMark[] {
  return lines.map(([at, symbol, price]) => ({ symbol, at: new Date(at), price }));
}

/** Σ signed quantity × price per symbol: what SQL sums over `trades`. */
export function signedNotionalBySymbol(fills: readonly Fill[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const fill of fills) {
    const signed = (fill.side === "buy" ? 1 : -1) * fill.quantity * fill.price;
    sums.set(fill.symbol, (sums.get(fill.symbol) ?? 0) + signed);
  }
  return sums;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so generated cases are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
