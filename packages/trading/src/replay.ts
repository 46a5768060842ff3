import { openLedger, postFill, sortFills } from "./ledger.js";
import type { Fill, Position } from "./types.js";

export interface ReplayedFill extends Fill {
  /** Gross of fees; see `applyFill`. */
  realizedPnl: number;
  closedQuantity: number;
  positionAfter: Position;
}

export interface Replay {
  /** Every symbol traded, flat ones included (quantity 0, average price 0). */
  positions: Map<string, Position>;
  realizedBySymbol: Map<string, number>;
  /** The fills in replay order (time, then id), each with what it realized. */
  fillsWithRealized: ReplayedFill[];
}

/**
 * Replays fills in time order with average-cost accounting. For every symbol the result satisfies
 *   openQuantity × averagePrice = Σ signedQuantity × price + Σ realizedPnl
 * (signed quantity positive for buys), because each fill moves the position's cost basis by
 * exactly its signed notional plus what it realized. Flips included: the closed part realizes
 * against the old average and the remainder's basis is set at the fill price. SQL can therefore
 * derive open positions from `trades` without replaying: quantity = Σ signedQuantity and, when
 * that is not 0, averagePrice = (Σ signedQuantity × price + Σ realized_pnl) / quantity.
 */
export function replayFills(fills: readonly Fill[]): Replay {
  const ledger = openLedger(0);
  const realizedBySymbol = new Map<string, number>();
  const fillsWithRealized = sortFills(fills).map((fill): ReplayedFill => {
    const { position, realizedPnl, closedQuantity } = postFill(ledger, fill);
    realizedBySymbol.set(fill.symbol, (realizedBySymbol.get(fill.symbol) ?? 0) + realizedPnl);
    return { ...fill, realizedPnl, closedQuantity, positionAfter: position };
  });
  return { positions: ledger.positions, realizedBySymbol, fillsWithRealized };
}
