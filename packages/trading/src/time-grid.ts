export type Interval = "hour" | "day" | "week";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const STEP_MS: Record<Interval, number> = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS };
// 1970-01-01 was a Thursday; weeks start on Monday 00:00 UTC, as PostgreSQL's date_trunc('week').
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** The server passes user-chosen ranges; a year of hours fits, a runaway range does not. */
export const MAX_GRID_POINTS = 100_000;

/** Start of the UTC hour, UTC day or ISO week (Monday) containing `at`. */
export function floorToInterval(at: Date, interval: Interval): Date {
  const step = STEP_MS[interval];
  const offset = interval === "week" ? FIRST_MONDAY_MS : 0;
  return new Date(Math.floor((at.getTime() - offset) / step) * step + offset);
}

/**
 * `from`, every UTC interval boundary strictly between `from` and `to`, then `to`; just `from`
 * when they are equal. With "day", consecutive points bound the run's days, the first and last
 * possibly partial: the points are each day's closing equity after the opening one.
 */
export function intervalGrid(from: Date, to: Date, interval: Interval): Date[] {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end >= start)) throw new RangeError(`grid end ${to.toISOString()} is before its start ${from.toISOString()}`);
  const step = STEP_MS[interval];
  if ((end - start) / step + 2 > MAX_GRID_POINTS) {
    throw new RangeError(`a ${interval} grid over this range exceeds ${MAX_GRID_POINTS} points`);
  }
  const points = [new Date(start)];
  for (let boundary = floorToInterval(from, interval).getTime() + step; boundary < end; boundary += step) {
    points.push(new Date(boundary));
  }
  if (end > start) points.push(new Date(end));
  return points;
}

export interface Period {
  start: Date;
  end: Date;
}

/** The spans between consecutive grid points. */
export function gridPeriods(grid: readonly Date[]): Period[] {
  const periods: Period[] = [];
  let start: Date | undefined;
  for (const end of grid) {
    if (start !== undefined) periods.push({ start, end });
    start = end;
  }
  return periods;
}
