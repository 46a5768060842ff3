// Reading one CSV cell the same strict way for every format: a cell that does not say exactly
// one thing is a reason, never a guess (a guessed quantity would change the run's figures).

export type CellResult<T> = { value: T } | { reason: string };

const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** "12.5" → 12.5; "", "1,000", "12abc", "NaN" → a reason naming the column. */
export function numberCell(text: string | undefined, column: string): CellResult<number> {
  const trimmed = (text ?? "").trim();
  if (!trimmed) return { reason: `${column} is empty` };
  if (!plainNumber.test(trimmed)) return { reason: `${column} is not a number ("${trimmed.slice(0, 40)}")` };
  return { value: Number(trimmed) };
}

/** An optional number: empty is `fallback`. */
export function optionalNumberCell(text: string | undefined, column: string, fallback: number): CellResult<number> {
  return (text ?? "").trim() ? numberCell(text, column) : { value: fallback };
}

/** Trimmed text, or undefined when empty (optional columns). */
export function textCell(text: string | undefined): string | undefined {
  const trimmed = (text ?? "").trim();
  return trimmed ? trimmed : undefined;
}

/** The value of the first of `names` that the record has, compared without case or spaces. */
export function pick(record: Record<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = record[normalizeHeader(name)];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** "Buy/Sell", " buy/sell ", "BUY/SELL" are one column. */
export const normalizeHeader = (header: string) => header.trim().toLowerCase().replace(/\s+/g, "_");
