import { fillCursor, openLedger } from "./ledger.js";
import { createPriceLookup, type PriceLookup, type PriceSource } from "./prices.js";
import type { Fill, Position, PriceMark } from "./types.js";

export interface OpenPosition {
  symbol: string;
  /** Signed: positive long, negative short. */
  quantity: number;
  averagePrice: number;
  markPrice: number;
  /** Where `markPrice` came from: a price mark, or the symbol's last fill when it has no mark yet. */
  priceSource: PriceSource;
  /** quantity × markPrice: negative for a short. */
  marketValue: number;
  /** quantity × (markPrice − averagePrice). */
  unrealizedPnl: number;
}

/** Positions open at `at` (fills executed at or before `at`), valued at the prices known then. */
export function positionsAt(fills: readonly Fill[], marks: readonly PriceMark[], at: Date): OpenPosition[] {
  const ledger = openLedger(0);
  fillCursor(ledger, fills).advanceTo(at, true);
  return valuePositions(ledger.positions, createPriceLookup(fills, marks), at);
}

/** The open ones among `positions`, valued at `at` and sorted by symbol. */
export function valuePositions(positions: ReadonlyMap<string, Position>, prices: PriceLookup, at: Date): OpenPosition[] {
  const open: OpenPosition[] = [];
  for (const [symbol, { quantity, averagePrice }] of positions) {
    if (quantity === 0) continue;
    const quote = prices.priceAt(symbol, at);
    // A position only exists after a fill at or before `at`, and that fill is a price.
    if (quote === undefined) throw new Error(`no price for open position ${symbol} at ${at.toISOString()}`);
    open.push({
      symbol,
      quantity,
      averagePrice,
      markPrice: quote.price,
      priceSource: quote.source,
      marketValue: quantity * quote.price,
      unrealizedPnl: quantity * (quote.price - averagePrice),
    });
  }
  return open.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

export function sumOf(positions: readonly OpenPosition[], field: "marketValue" | "unrealizedPnl"): number {
  return positions.reduce((total, position) => total + position[field], 0);
}
