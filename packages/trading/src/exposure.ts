import { fillCursor, openLedger } from "./ledger.js";
import { gridPeriods } from "./time-grid.js";
import type { Fill } from "./types.js";

/**
 * Fraction of the grid's periods (a run's days, from `intervalGrid`) during which a position was
 * open at some moment: open when the period starts (fills before it), or left open by a fill
 * inside it. A fill exactly on a boundary belongs to the period it starts, except at the grid's
 * end, which belongs to the last period. Null when the grid spans no time.
 */
export function exposedFraction(fills: readonly Fill[], grid: readonly Date[]): number | null {
  const periods = gridPeriods(grid);
  const first = periods[0];
  if (first === undefined) return null;
  const cursor = fillCursor(openLedger(0), fills);
  cursor.advanceTo(first.start, false);
  const lastIndex = periods.length - 1;
  const exposedCount = periods.filter(({ end }, index) => cursor.advanceTo(end, index === lastIndex)).length;
  return exposedCount / periods.length;
}
