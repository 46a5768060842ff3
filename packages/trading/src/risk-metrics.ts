export const TRADING_DAYS_PER_YEAR = 252;

/** Returns this steady are constant up to float noise; a ratio over them would be noise too. */
const MIN_STANDARD_DEVIATION = 1e-12;

export interface Drawdown {
  /** Largest fall from a running peak, in money. */
  amount: number;
  /** Largest fall from a running peak as a fraction of that peak (peaks at or below 0 skipped). */
  fraction: number;
}

/**
 * Peak-to-trough over the series. Each figure is its own maximum, so on a curve that rises to a
 * higher peak and then falls less in money but more in percent they come from different declines.
 */
export function maxDrawdown(equity: readonly number[]): Drawdown {
  let peak = -Infinity;
  let amount = 0;
  let fraction = 0;
  for (const value of equity) {
    peak = Math.max(peak, value);
    amount = Math.max(amount, peak - value);
    if (peak > 0) fraction = Math.max(fraction, (peak - value) / peak);
  }
  return { amount, fraction };
}

/** Simple returns between consecutive values; null when a base is at or below 0 (no return exists). */
export function periodReturns(equity: readonly number[]): number[] | null {
  const returns: number[] = [];
  let previous: number | undefined;
  for (const value of equity) {
    if (previous !== undefined) {
      if (previous <= 0) return null;
      returns.push(value / previous - 1);
    }
    previous = value;
  }
  return returns;
}

/**
 * Annualized Sharpe ratio with a zero risk-free rate: mean / sample standard deviation (n − 1)
 * × √periodsPerYear. Null with fewer than 2 returns or when they do not vary.
 */
export function sharpeRatio(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (returns.length < 2) return null;
  const mean = returns.reduce((total, value) => total + value, 0) / returns.length;
  const squares = returns.reduce((total, value) => total + (value - mean) ** 2, 0);
  const standardDeviation = Math.sqrt(squares / (returns.length - 1));
  if (standardDeviation < MIN_STANDARD_DEVIATION) return null;
  return (mean / standardDeviation) * Math.sqrt(periodsPerYear);
}
