import { sortFills } from "./ledger.js";
import type { Fill, PriceMark } from "./types.js";

export type PriceSource = "mark" | "fill";

export interface QuotedPrice {
  price: number;
  source: PriceSource;
}

export interface PriceLookup {
  /** The latest mark at or before `at`; without one, the latest fill price at or before `at`. */
  priceAt(symbol: string, at: Date): QuotedPrice | undefined;
}

interface Series {
  times: number[];
  prices: number[];
}

export function createPriceLookup(fills: readonly Fill[], marks: readonly PriceMark[]): PriceLookup {
  const sortedMarks = [...marks].sort((a, b) => a.at.getTime() - b.at.getTime());
  const markSeries = groupBySymbol(sortedMarks.map((mark) => ({ ...mark, time: mark.at.getTime() })));
  const fillSeries = groupBySymbol(sortFills(fills).map((fill) => ({ ...fill, time: fill.executedAt.getTime() })));
  return {
    priceAt(symbol, at) {
      const time = at.getTime();
      const mark = latestAtOrBefore(markSeries.get(symbol), time);
      if (mark !== undefined) return { price: mark, source: "mark" };
      const fill = latestAtOrBefore(fillSeries.get(symbol), time);
      return fill === undefined ? undefined : { price: fill, source: "fill" };
    },
  };
}

function groupBySymbol(points: readonly { symbol: string; time: number; price: number }[]): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const point of points) {
    const entry = series.get(point.symbol) ?? { times: [], prices: [] };
    entry.times.push(point.time);
    entry.prices.push(point.price);
    series.set(point.symbol, entry);
  }
  return series;
}

/** Binary search for the last point at or before `time`; ties resolve to the last one given. */
function latestAtOrBefore(series: Series | undefined, time: number): number | undefined {
  if (series === undefined) return undefined;
  let low = 0;
  let high = series.times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((series.times[middle] ?? Infinity) <= time) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : series.prices[low - 1];
}
