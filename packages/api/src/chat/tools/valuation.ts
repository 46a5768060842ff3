import type { AccountState } from "./account-states.js";

// Quantities are stored with six decimals, so a real position is at least 1e-6; sums of doubles
// over many days leave residue far below half of that.
const FLAT_BELOW = 5e-7;

export interface ValuedPosition {
  symbol: string;
  quantity: number;
  averagePrice: number;
  markPrice: number;
  /** A price mark, or the symbol's last fill when it has no mark yet (packages/trading's price rule). */
  priceSource: "mark" | "fill";
  marketValue: number;
  unrealizedPnl: number;
}

export interface Valuation {
  equity: number;
  cash: number;
  marketValue: number;
  realizedPnl: number;
  unrealizedPnl: number;
  fees: number;
  positions: ValuedPosition[];
}

export function isOpen(quantity: number): boolean {
  return Math.abs(quantity) >= FLAT_BELOW;
}

/** The open positions at the state's prices, by symbol (as packages/trading sorts them). */
export function openPositions(state: AccountState): ValuedPosition[] {
  const positions: ValuedPosition[] = [];
  for (const [symbol, { quantity, cost, lastFillPrice }] of state.holdings) {
    if (!isOpen(quantity)) continue;
    const mark = state.marks.get(symbol);
    const markPrice = mark ?? lastFillPrice;
    positions.push({
      symbol,
      quantity,
      averagePrice: cost / quantity,
      markPrice,
      priceSource: mark === undefined ? "fill" : "mark",
      marketValue: quantity * markPrice,
      unrealizedPnl: quantity * markPrice - cost,
    });
  }
  return positions.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

export type AccountFigures = Omit<Valuation, "positions">;

/**
 * cash = capital − what the fills cost − fees; equity = cash + Σ quantity × price. Without
 * listing the positions: a curve needs these figures at hundreds of points.
 */
export function accountFigures(state: AccountState, startingCapital: number): AccountFigures {
  let marketValue = 0;
  let unrealizedPnl = 0;
  for (const [symbol, { quantity, cost, lastFillPrice }] of state.holdings) {
    if (!isOpen(quantity)) continue;
    const value = quantity * (state.marks.get(symbol) ?? lastFillPrice);
    marketValue += value;
    unrealizedPnl += value - cost;
  }
  const cash = startingCapital - state.totals.netNotional - state.totals.fees;
  const { realizedPnl, fees } = state.totals;
  return { equity: cash + marketValue, cash, marketValue, realizedPnl, unrealizedPnl, fees };
}

export function valueAccount(state: AccountState, startingCapital: number): Valuation {
  return { ...accountFigures(state, startingCapital), positions: openPositions(state) };
}

export function hasOpenPosition(state: AccountState): boolean {
  for (const { quantity } of state.holdings.values()) if (isOpen(quantity)) return true;
  return false;
}
