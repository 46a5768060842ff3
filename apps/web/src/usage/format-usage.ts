/** Tokens as people read them: 1,320. */
export function formatTokens(tokens: number): string {
  return Math.round(tokens).toLocaleString("en-US");
}

/**
 * USD with enough decimals for a fraction of a cent. Null (no price for the AI model) is "—",
 * never a guess; "+" marks a total that left out unpriced rows, so it is a lower bound.
 */
export function formatUsd(costUsd: number | null, unpriced = 0): string {
  if (costUsd === null) return "—";
  const digits = costUsd === 0 ? 2 : costUsd < 0.01 ? 4 : 2;
  return `$${costUsd.toFixed(digits)}${unpriced > 0 ? "+" : ""}`;
}
