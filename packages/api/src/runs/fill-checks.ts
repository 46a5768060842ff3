import type { RowError } from "../errors.js";
import type { StoredTerms } from "./fill-store.js";
import type { FillInput } from "./write-schemas.js";

/** A producer's clock may run a little ahead of ours; beyond this a fill is "in the future". */
export const CLOCK_SKEW_MS = 60_000;

/**
 * What the schema cannot know: times against the run and the clock, a fill id twice in one
 * batch, and a fill id stored before with other terms (not a retry: a producer's mistake).
 */
export function checkFillRows(
  fills: readonly FillInput[],
  context: { startedAt: Date; now: Date; stored: ReadonlyMap<string, StoredTerms> },
): RowError[] {
  const firstIndex = new Map<string, number>();
  const errors: RowError[] = [];
  fills.forEach((fill, index) => {
    const reasons: string[] = [];
    const at = new Date(fill.executedAt).getTime();
    if (at < context.startedAt.getTime())
      reasons.push(`executedAt ${fill.executedAt} is before the run started (${context.startedAt.toISOString()})`);
    if (at > context.now.getTime() + CLOCK_SKEW_MS) reasons.push(`executedAt ${fill.executedAt} is in the future`);
    const earlier = firstIndex.get(fill.fillId);
    if (earlier !== undefined) reasons.push(`fillId "${fill.fillId}" is repeated (first at index ${earlier})`);
    else firstIndex.set(fill.fillId, index);
    const stored = context.stored.get(fill.fillId);
    if (stored && !sameTerms(stored, fill)) reasons.push(`fillId "${fill.fillId}" was stored before with other terms`);
    if (reasons.length) errors.push({ index, reasons });
  });
  return errors;
}

const sameNumber = (a: number, b: number) => Math.round(a * 1e6) === Math.round(b * 1e6);

function sameTerms(stored: StoredTerms, fill: FillInput): boolean {
  return (
    stored.symbol === fill.symbol &&
    stored.side === fill.side &&
    stored.order_type === fill.orderType &&
    stored.executed_at.getTime() === new Date(fill.executedAt).getTime() &&
    sameNumber(stored.quantity, fill.quantity) &&
    sameNumber(stored.price, fill.price) &&
    sameNumber(stored.fees, fill.fees)
  );
}

/** "3 of 10 fills are invalid; nothing was stored. Row 2: …; row 7: …" (the first few). */
export function describeRowErrors(errors: readonly RowError[], total: number, noun = "fills"): string {
  const shown = errors.slice(0, 10).map((error) => `row ${error.index}: ${error.reasons.join(", ")}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more rows` : "";
  return `${errors.length} of ${total} ${noun} are invalid; nothing was stored. ${shown.join("; ")}${more}`;
}
