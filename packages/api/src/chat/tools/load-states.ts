import { floorToInterval, intervalGrid } from "@parley/trading";
import { sweepStates, type AccountState } from "./account-states.js";
import { loadFillBuckets, type Span } from "./data/fill-buckets.js";
import type { GridSpec } from "./data/grid-sql.js";
import { loadWholeDays } from "./data/run-days.js";
import { loadMarkBuckets } from "./data/mark-buckets.js";
import type { Read } from "./tool.js";

/**
 * The account at each point of the grid from two reads run at once: whole days from run_days, and
 * the fills and marks since the last midnight before each point that is not one itself (the run's
 * start and end, hourly points). Neither reads a run's every fill or mark. They read disjoint data
 * (before and after those midnights), so a fill stored meanwhile in a run still going is at worst
 * missed, as it would have been a moment earlier.
 */
export async function visitAccountStates<T>(read: Read, runId: number, grid: GridSpec, visit: (state: AccountState) => T): Promise<T[]> {
  const points = intervalGrid(grid.from, grid.to, grid.interval);
  const spans = partialDaySpans(points);
  const [days, partials] = await Promise.all([
    read((tx) => loadWholeDays(tx, runId, floorToInterval(grid.to, "day"))),
    read(async (tx) => ({ fills: await loadFillBuckets(tx, runId, grid, spans), marks: await loadMarkBuckets(tx, runId, grid, spans) })),
  ]);
  // Day marks end at midnights, partial ones at other points: in time order, they never tie.
  const marks = [...days.marks, ...partials.marks].sort((a, b) => a.end - b.end);
  return sweepStates(points, { days: days.fills, partials: partials.fills, marks }, visit);
}

/** What `visit` makes of the state at `at`. */
export async function visitAccountState<T>(read: Read, runId: number, at: Date, visit: (state: AccountState) => T): Promise<T> {
  const [result] = await visitAccountStates(read, runId, { from: at, to: at, interval: "day" }, visit);
  if (result === undefined) throw new Error("a one-point grid always has its point");
  return result;
}

/** Per UTC day with points that are not midnights: from that midnight to the day's last such point. */
export function partialDaySpans(points: readonly Date[]): Span[] {
  const spans = new Map<number, Span>();
  for (const point of points) {
    const midnight = floorToInterval(point, "day");
    if (midnight.getTime() === point.getTime()) continue;
    spans.set(midnight.getTime(), { after: midnight, through: point });
  }
  return [...spans.values()];
}
