import { Prisma } from "@parley/db";
import type { Interval } from "@parley/trading";

/** A time grid as packages/trading's intervalGrid draws it: `from`, each boundary between, `to`. */
export interface GridSpec {
  from: Date;
  to: Date;
  interval: Interval;
}

const STRIDE: Record<Interval, string> = { hour: "1 hour", day: "24 hours", week: "168 hours" };
// A Monday midnight: day and hour boundaries fall on it too, and weeks start on Mondays.
const ORIGIN = new Date("2000-01-03T00:00:00Z");

/**
 * The grid point whose value first counts an event at `column`: `from` for anything at or before
 * it, else the first boundary at or after it, capped at `to`. A fill or mark exactly on a point
 * counts at that point (date_bin floors, so one millisecond back then one stride on is a ceiling;
 * times are stored to the millisecond).
 */
export function gridPointOf(column: Prisma.Sql, grid: GridSpec): Prisma.Sql {
  const stride = STRIDE[grid.interval];
  return Prisma.sql`CASE WHEN ${column} <= ${grid.from}::timestamptz THEN ${grid.from}::timestamptz
    ELSE LEAST(${grid.to}::timestamptz,
               date_bin(${stride}::interval, ${column} - interval '1 millisecond', ${ORIGIN}::timestamptz) + ${stride}::interval)
    END`;
}
