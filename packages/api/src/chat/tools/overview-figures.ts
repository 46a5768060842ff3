import { maxDrawdown, periodReturns, sharpeRatio } from "@parley/trading";
import type { AccountState } from "./account-states.js";
import type { BoundRun } from "./bound-run.js";
import type { FillTotals } from "./data/buckets.js";
import { money, optional, price, quantity, ratio, time } from "./output.js";
import { accountFigures, hasOpenPosition, valueAccount, type Valuation } from "./valuation.js";

/** How many open positions the overview lists; get_positions has them all. */
const LISTED_POSITIONS = 10;

/** What the overview keeps of each state of the run's daily grid; all of the last one. */
export interface DailyPoint {
  equity: number;
  open: boolean;
  fills: number;
  fillsAt: number;
  end?: { valuation: Valuation; totals: FillTotals };
}

export function dailyPoint(state: AccountState, startingCapital: number, isLast: boolean): DailyPoint {
  const point = {
    equity: accountFigures(state, startingCapital).equity,
    open: hasOpenPosition(state),
    fills: state.totals.fills,
    fillsAt: state.fillsAt,
  };
  return isLast ? { ...point, end: { valuation: valueAccount(state, startingCapital), totals: { ...state.totals } } } : point;
}

/**
 * The run's headline figures from its daily points (start, each UTC midnight, end), with
 * packages/trading's definitions: drawdown and Sharpe over the daily equities, exposure as the
 * share of days with a position open at some moment.
 */
export function overviewFigures(run: BoundRun, points: readonly DailyPoint[]) {
  const end = points.at(-1)?.end;
  if (!end) throw new Error("a run's daily grid always has its start, and its last point is kept whole");
  return {
    run: {
      id: run.id,
      status: run.status,
      startedAt: time(run.startedAt),
      endedAt: run.endedAt && time(run.endedAt),
      asOf: time(run.asOf),
    },
    ...equityFigures(run.startingCapital, end.valuation),
    ...tradeFigures(end.totals),
    ...riskFigures(points),
    ...positionFigures(end.valuation),
    definitions:
      "P&L in the run's currency; realizedPnl is before fees, totalPnl = realized + unrealized − fees. A win is a closing " +
      "fill whose realized P&L beats its own fees. Drawdown, Sharpe (annualized, daily) and exposure use the daily equity curve.",
  };
}

function equityFigures(startingCapital: number, end: Valuation) {
  const totalPnl = end.equity - startingCapital;
  return {
    startingCapital: money(startingCapital),
    endingEquity: money(end.equity),
    endingCash: money(end.cash),
    totalPnl: money(totalPnl),
    totalReturn: optional(ratio)(startingCapital > 0 ? totalPnl / startingCapital : null),
    realizedPnl: money(end.realizedPnl),
    unrealizedPnl: money(end.unrealizedPnl),
    totalFees: money(end.fees),
  };
}

function tradeFigures(totals: FillTotals) {
  return {
    fillCount: totals.fills,
    closingFillCount: totals.closing,
    winCount: totals.wins,
    lossCount: totals.losses,
    winRate: optional(ratio)(totals.closing ? totals.wins / totals.closing : null),
    averageWin: optional(money)(totals.wins ? totals.winTotal / totals.wins : null),
    averageLoss: optional(money)(totals.losses ? totals.lossTotal / totals.losses : null),
    profitFactor: optional(ratio)(totals.losses ? totals.winTotal / Math.abs(totals.lossTotal) : null),
  };
}

function riskFigures(points: readonly DailyPoint[]) {
  const equities = points.map((point) => point.equity);
  const returns = periodReturns(equities);
  const drawdown = maxDrawdown(equities);
  return {
    maxDrawdown: money(drawdown.amount),
    maxDrawdownFraction: ratio(drawdown.fraction),
    sharpeRatio: optional(ratio)(returns === null ? null : sharpeRatio(returns)),
    exposure: optional(ratio)(exposedShare(points)),
  };
}

function positionFigures(end: Valuation) {
  const gross = end.positions.reduce((sum, position) => sum + Math.abs(position.marketValue), 0);
  const largest = [...end.positions].sort((a, b) => Math.abs(b.marketValue) - Math.abs(a.marketValue));
  return {
    grossExposure: optional(ratio)(end.equity > 0 ? gross / end.equity : null),
    openPositionCount: end.positions.length,
    openPositions: largest.slice(0, LISTED_POSITIONS).map((position) => ({
      symbol: position.symbol,
      quantity: quantity(position.quantity),
      averagePrice: price(position.averagePrice),
      markPrice: price(position.markPrice),
      unrealizedPnl: money(position.unrealizedPnl),
    })),
  };
}

/**
 * The share of the grid's periods with a position open at some moment: open at the period's
 * start, or any fill inside it (from flat, a fill opens a position). A fill exactly on a point
 * belongs to the period that point starts, except at the end, which closes the last period.
 */
export function exposedShare(points: readonly DailyPoint[]): number | null {
  if (points.length < 2) return null;
  const before = (point: DailyPoint) => point.fills - point.fillsAt;
  let exposed = 0;
  for (let index = 0; index + 1 < points.length; index++) {
    const [start, end] = [points[index], points[index + 1]];
    if (!start || !end) continue;
    const isLast = index + 2 === points.length;
    const fillsInside = (isLast ? end.fills : before(end)) - before(start);
    if (start.open || fillsInside > 0) exposed++;
  }
  return exposed / (points.length - 1);
}
