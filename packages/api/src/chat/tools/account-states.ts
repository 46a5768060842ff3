import { floorToInterval } from "@parley/trading";
import { addTotals, emptyTotals, type Bucket, type FillTotals } from "./data/buckets.js";
import type { MarkBucket } from "./data/mark-buckets.js";

/** A symbol's position from its fills: packages/trading's identity gives quantity × average = cost. */
export interface Holding {
  quantity: number;
  /** Σ signed quantity × price + Σ realized P&L. */
  cost: number;
  lastFillPrice: number;
}

/**
 * The account at one grid point, counting fills executed and marks taken at or before it. The
 * sweep hands each state to a visitor and goes on changing it for the next point: read it there.
 */
export interface AccountState {
  at: Date;
  totals: FillTotals;
  /** Fills executed exactly at `at`: on a grid they count at this point but belong to the period it starts. */
  fillsAt: number;
  /** Every symbol traded so far, flat ones included. */
  holdings: ReadonlyMap<string, Readonly<Holding>>;
  /** The latest mark of each symbol. */
  marks: ReadonlyMap<string, number>;
}

export interface StateSources {
  /** Whole UTC days, by the midnight they end at. */
  days: readonly Bucket[];
  /** Grid buckets of the fills after the last midnight before each point that is not one. */
  partials: readonly Bucket[];
  /** Latest marks per day and per partial bucket, in time order. */
  marks: readonly MarkBucket[];
}

interface Accumulator {
  totals: FillTotals;
  holdings: Map<string, Holding>;
}

const accumulator = (): Accumulator => ({ totals: emptyTotals(), holdings: new Map() });
const midnightBefore = (at: number) => floorToInterval(new Date(at), "day").getTime();

/**
 * One pass over the points in time order: the state at a point is every whole day up to the
 * midnight at or before it, plus the fills since that midnight. Both kinds of bucket are summed
 * as they come due, so the work grows with buckets × symbols, never with fills.
 */
export function sweepStates<T>(points: readonly Date[], sources: StateSources, visit: (state: AccountState) => T): T[] {
  const wholeDays = accumulator();
  let sinceMidnight = accumulator();
  let currentMidnight = Number.NaN;
  const latestMarks = new Map<string, number>();
  const next = { day: 0, partial: 0, mark: 0 };
  const atDayEnd = new Map(sources.days.map((bucket) => [bucket.end, bucket.fillsAtEnd]));
  const atPartialEnd = new Map(sources.partials.map((bucket) => [bucket.end, bucket.fillsAtEnd]));
  return points.map((point) => {
    const at = point.getTime();
    const midnight = midnightBefore(at);
    for (let day = sources.days[next.day]; day && day.end <= midnight; day = sources.days[++next.day]) add(wholeDays, day);
    if (midnight !== currentMidnight) [sinceMidnight, currentMidnight] = [accumulator(), midnight];
    // A partial bucket's end is a grid point after its own day's midnight, so it comes due at
    // that point, on that day, after any reset.
    for (let part = sources.partials[next.partial]; part && part.end <= at; part = sources.partials[++next.partial]) {
      add(sinceMidnight, part);
    }
    for (let mark = sources.marks[next.mark]; mark && mark.end <= at; mark = sources.marks[++next.mark]) {
      for (const [symbol, price] of Object.entries(mark.prices)) latestMarks.set(symbol, price);
    }
    const fillsAt = (at === midnight ? atDayEnd.get(at) : atPartialEnd.get(at)) ?? 0;
    return visit({ at: point, ...combine(wholeDays, sinceMidnight), fillsAt, marks: latestMarks });
  });
}

function add(into: Accumulator, bucket: Bucket): void {
  addTotals(into.totals, bucket.totals);
  for (const [symbol, [quantity, cost, lastPrice]] of Object.entries(bucket.symbols)) {
    const held = into.holdings.get(symbol);
    if (held) {
      held.quantity += quantity;
      held.cost += cost;
      held.lastFillPrice = lastPrice;
    } else {
      into.holdings.set(symbol, { quantity, cost, lastFillPrice: lastPrice });
    }
  }
}

/** base + extra; base itself when extra is empty, as it is at every midnight. */
function combine(base: Accumulator, extra: Accumulator): Accumulator {
  if (extra.holdings.size === 0) return base;
  const totals = emptyTotals();
  addTotals(totals, base.totals);
  addTotals(totals, extra.totals);
  const holdings = new Map([...base.holdings].map(([symbol, held]) => [symbol, { ...held }]));
  for (const [symbol, change] of extra.holdings) {
    const held = holdings.get(symbol);
    holdings.set(symbol, {
      quantity: (held?.quantity ?? 0) + change.quantity,
      cost: (held?.cost ?? 0) + change.cost,
      lastFillPrice: change.lastFillPrice,
    });
  }
  return { totals, holdings };
}
