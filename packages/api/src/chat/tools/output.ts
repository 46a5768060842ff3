// Tool results are rounded here and only here: computations keep full precision, a model reads
// money to the cent, ratios to four decimals, prices and quantities to the six decimals stored.

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // `+ 0` turns −0 into 0, which would otherwise print as "-0" to the model.
  return Math.round(value * factor) / factor + 0;
}

export const money = (value: number) => roundTo(value, 2);
export const ratio = (value: number) => roundTo(value, 4);
export const price = (value: number) => roundTo(value, 6);
export const quantity = (value: number) => roundTo(value, 6);

export function optional<T>(round: (value: number) => T) {
  return (value: number | null) => (value === null ? null : round(value));
}

/** ISO 8601 in UTC, without milliseconds when there are none. */
export function time(at: Date): string {
  return at.toISOString().replace(".000Z", "Z");
}
