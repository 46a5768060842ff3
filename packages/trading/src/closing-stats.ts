import { MONEY_EPSILON, storedMoney } from "./precision.js";
import type { ReplayedFill } from "./replay.js";

/**
 * Trade outcomes judged per closing fill (a fill that closed some of an existing position, a flip
 * included), on its realized P&L as stored (6 decimals) net of that fill's own fees. Net above 0 is a win, below 0 a
 * loss, exactly 0 (within float noise) is neither but still counts as a closing fill.
 */
export interface ClosingStats {
  closingFillCount: number;
  winCount: number;
  lossCount: number;
  /** winCount / closingFillCount; null with no closing fill. */
  winRate: number | null;
  /** Mean net P&L of the wins (positive); null with no win. */
  averageWin: number | null;
  /** Mean net P&L of the losses (negative); null with no loss. */
  averageLoss: number | null;
  /** Sum of the wins' net P&L (≥ 0). */
  grossWins: number;
  /** Sum of the losses' net P&L (≤ 0). */
  grossLosses: number;
  /** grossWins / |grossLosses|: 0 with losses but no wins; null with no loss (it would be infinite). */
  profitFactor: number | null;
}

export function closingStats(fills: readonly ReplayedFill[]): ClosingStats {
  const outcomes = fills.filter((fill) => fill.closedQuantity > 0).map((fill) => storedMoney(fill.realizedPnl) - fill.fees);
  const wins = outcomes.filter((net) => net > MONEY_EPSILON);
  const losses = outcomes.filter((net) => net < -MONEY_EPSILON);
  const grossWins = sum(wins);
  const grossLosses = sum(losses);
  return {
    closingFillCount: outcomes.length,
    winCount: wins.length,
    lossCount: losses.length,
    winRate: outcomes.length === 0 ? null : wins.length / outcomes.length,
    averageWin: wins.length === 0 ? null : grossWins / wins.length,
    averageLoss: losses.length === 0 ? null : grossLosses / losses.length,
    grossWins,
    grossLosses,
    profitFactor: losses.length === 0 ? null : grossWins / Math.abs(grossLosses),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
