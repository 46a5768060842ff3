import { closingStats } from "./closing-stats.js";
import { positionsAt } from "./positions-at.js";
import { replayFills, type ReplayedFill } from "./replay.js";
import type { Fill, PriceMark } from "./types.js";

export interface SymbolSummary {
  symbol: string;
  fillCount: number;
  closingFillCount: number;
  /** As in `closingStats`: closing fills whose realized P&L beats their own fees. */
  winRate: number | null;
  /** Gross of fees. */
  realizedPnl: number;
  fees: number;
  /** realizedPnl − fees. */
  netPnl: number;
  unrealizedPnl: number;
  /** Signed quantity still open at `at`. */
  openQuantity: number;
  /** Σ quantity over the symbol's fills, buys and sells alike. */
  volume: number;
  /** Σ quantity × price over the symbol's fills. */
  notionalVolume: number;
}

/**
 * Per symbol, sorted by symbol, over the fills executed at or before `at`, with open positions
 * valued at `at`. `at` defaults to the latest fill or mark given.
 */
export function symbolBreakdown(fills: readonly Fill[], marks: readonly PriceMark[], at?: Date): SymbolSummary[] {
  const asOf = at ?? latestTime(fills, marks);
  const included = fills.filter((fill) => fill.executedAt.getTime() <= asOf.getTime());
  const open = new Map(positionsAt(included, marks, asOf).map((position) => [position.symbol, position]));
  return [...groupBySymbol(replayFills(included).fillsWithRealized)].map(([symbol, symbolFills]) => {
    const realizedPnl = sumBy(symbolFills, (fill) => fill.realizedPnl);
    const fees = sumBy(symbolFills, (fill) => fill.fees);
    const stats = closingStats(symbolFills);
    return {
      symbol,
      fillCount: symbolFills.length,
      closingFillCount: stats.closingFillCount,
      winRate: stats.winRate,
      realizedPnl,
      fees,
      netPnl: realizedPnl - fees,
      unrealizedPnl: open.get(symbol)?.unrealizedPnl ?? 0,
      openQuantity: open.get(symbol)?.quantity ?? 0,
      volume: sumBy(symbolFills, (fill) => fill.quantity),
      notionalVolume: sumBy(symbolFills, (fill) => fill.quantity * fill.price),
    };
  });
}

function groupBySymbol(fills: readonly ReplayedFill[]): Map<string, ReplayedFill[]> {
  const groups = new Map<string, ReplayedFill[]>();
  const symbols = [...new Set(fills.map((fill) => fill.symbol))].sort();
  for (const symbol of symbols) groups.set(symbol, []);
  for (const fill of fills) groups.get(fill.symbol)?.push(fill);
  return groups;
}

function latestTime(fills: readonly Fill[], marks: readonly PriceMark[]): Date {
  const times = [...fills.map((fill) => fill.executedAt.getTime()), ...marks.map((mark) => mark.at.getTime())];
  return new Date(times.reduce((latest, time) => Math.max(latest, time), -8.64e15));
}

function sumBy<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
