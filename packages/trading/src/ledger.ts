import { applyFill, FLAT, signedQuantity, type FillEffect } from "./position.js";
import type { Fill, Position } from "./types.js";

/**
 * The running state of an account as fills are posted in time order. Cash starts at the starting
 * capital, falls by the cost of buys and rises by the proceeds of sells (so opening a short adds
 * cash) and falls by every fee. Hence, at any moment:
 *   cash + Σ quantity × mark = startingCapital + realizedPnl + unrealizedPnl − fees.
 */
export interface Ledger {
  readonly positions: Map<string, Position>;
  cash: number;
  realizedPnl: number;
  fees: number;
}

export function openLedger(startingCapital: number): Ledger {
  return { positions: new Map(), cash: startingCapital, realizedPnl: 0, fees: 0 };
}

/** Posts one fill; the ledger is mutated, the fill's effect returned. */
export function postFill(ledger: Ledger, fill: Fill): FillEffect {
  if (!Number.isFinite(fill.fees)) throw new RangeError(`fill ${fill.id}: fees must be finite, got ${fill.fees}`);
  const effect = applyFill(ledger.positions.get(fill.symbol) ?? FLAT, fill);
  ledger.positions.set(fill.symbol, effect.position);
  ledger.cash -= signedQuantity(fill) * fill.price + fill.fees;
  ledger.realizedPnl += effect.realizedPnl;
  ledger.fees += fill.fees;
  return effect;
}

export function hasOpenPosition(ledger: Ledger): boolean {
  for (const position of ledger.positions.values()) if (position.quantity !== 0) return true;
  return false;
}

/** Fills in the order the database replays them: by execution time, then by id. */
export function sortFills<T extends Fill>(fills: readonly T[]): T[] {
  return [...fills].sort((a, b) => a.executedAt.getTime() - b.executedAt.getTime() || a.id - b.id);
}

export interface FillCursor {
  /**
   * Posts the remaining fills executed before `time` (or at it, when `inclusive`) and tells whether
   * a position was open at some moment of that stretch: before the first of them or after any.
   */
  advanceTo(time: Date, inclusive: boolean): boolean;
}

/** Walks fills in replay order into `ledger`, for sweeps over increasing times. */
export function fillCursor(ledger: Ledger, fills: readonly Fill[]): FillCursor {
  const sorted = sortFills(fills);
  let next = 0;
  return {
    advanceTo(time, inclusive) {
      const limit = time.getTime();
      let wasOpen = hasOpenPosition(ledger);
      for (let fill = sorted[next]; fill !== undefined; fill = sorted[++next]) {
        const executed = fill.executedAt.getTime();
        if (executed > limit || (executed === limit && !inclusive)) break;
        postFill(ledger, fill);
        wasOpen ||= hasOpenPosition(ledger);
      }
      return wasOpen;
    },
  };
}
