import { closingStats, type ClosingStats } from "./closing-stats.js";
import { equityCurve } from "./equity-curve.js";
import { exposedFraction } from "./exposure.js";
import { positionsAt, type OpenPosition } from "./positions-at.js";
import { replayFills } from "./replay.js";
import { maxDrawdown, periodReturns, sharpeRatio } from "./risk-metrics.js";
import { intervalGrid } from "./time-grid.js";
import type { Fill, PriceMark } from "./types.js";

export interface RunOverviewInput {
  startingCapital: number;
  fills: readonly Fill[];
  marks: readonly PriceMark[];
  startedAt: Date;
  /** For a run still going, the moment of the analysis. Later fills and marks are ignored. */
  endedAt: Date;
}

export interface RunOverview extends ClosingStats {
  startingCapital: number;
  endingEquity: number;
  endingCash: number;
  /** endingEquity − startingCapital = realizedPnl + unrealizedPnl − totalFees. */
  totalPnl: number;
  /** totalPnl / startingCapital; null when the capital is not positive. */
  totalReturn: number | null;
  /** Gross of fees. */
  realizedPnl: number;
  unrealizedPnl: number;
  totalFees: number;
  fillCount: number;
  /** On the daily equity curve (see `intervalGrid`); see `maxDrawdown`. */
  maxDrawdown: number;
  maxDrawdownFraction: number;
  /** Annualized over the daily curve's returns (first and last day possibly partial); see `sharpeRatio`. */
  sharpeRatio: number | null;
  /** Fraction of the run's UTC days with a position open at some moment; null for a run of no duration. */
  exposure: number | null;
  /** Σ |quantity × mark| at the end / endingEquity; null when the ending equity is not positive. */
  grossExposure: number | null;
  openPositions: OpenPosition[];
}

/** The headline figures of a run, valued at `endedAt` with the latest marks at or before it. */
export function runOverview(input: RunOverviewInput): RunOverview {
  const { startingCapital, marks, startedAt, endedAt } = input;
  const fills = input.fills.filter((fill) => fill.executedAt.getTime() <= endedAt.getTime());
  const curve = equityCurve({ startingCapital, fills, marks, from: startedAt, to: endedAt, interval: "day" });
  const end = curve.at(-1);
  if (end === undefined) throw new Error("an equity curve always has its starting point");
  const equities = curve.map((point) => point.equity);
  const returns = periodReturns(equities);
  const drawdown = maxDrawdown(equities);
  const openPositions = positionsAt(fills, marks, endedAt);
  const grossValue = openPositions.reduce((total, position) => total + Math.abs(position.marketValue), 0);
  const totalPnl = end.equity - startingCapital;
  return {
    startingCapital,
    endingEquity: end.equity,
    endingCash: end.cash,
    totalPnl,
    totalReturn: startingCapital > 0 ? totalPnl / startingCapital : null,
    realizedPnl: end.realizedPnl,
    unrealizedPnl: end.unrealizedPnl,
    totalFees: end.fees,
    fillCount: fills.length,
    ...closingStats(replayFills(fills).fillsWithRealized),
    maxDrawdown: drawdown.amount,
    maxDrawdownFraction: drawdown.fraction,
    sharpeRatio: returns === null ? null : sharpeRatio(returns),
    exposure: exposedFraction(fills, intervalGrid(startedAt, endedAt, "day")),
    grossExposure: end.equity > 0 ? grossValue / end.equity : null,
    openPositions,
  };
}
