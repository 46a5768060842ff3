import { snapQuantity } from "./precision.js";
import type { Fill, Position } from "./types.js";

export const FLAT: Readonly<Position> = Object.freeze({ quantity: 0, averagePrice: 0 });

export interface FillEffect {
  position: Position;
  /** Gross of fees: closedQuantity × (exit price − average entry price), sign-adjusted for shorts. */
  realizedPnl: number;
  /** How much of the existing position this fill closed; above 0 makes it a closing fill. */
  closedQuantity: number;
}

type FillTerms = Pick<Fill, "side" | "quantity" | "price">;

export function signedQuantity(fill: Pick<Fill, "side" | "quantity">): number {
  return fill.side === "buy" ? fill.quantity : -fill.quantity;
}

/**
 * Average-cost accounting. A fill in the position's direction (or from flat) adds to it at a
 * quantity-weighted average price and realizes nothing. A fill against it closes up to the held
 * quantity, realizing the difference to the average price, and keeps the average for what is left;
 * any excess opens a position on the other side at the fill price (a flip).
 * Fees never enter realized P&L or the average price; they are accounted for separately.
 */
export function applyFill(position: Position, fill: FillTerms): FillEffect {
  assertValidTerms(fill);
  const delta = signedQuantity(fill);
  const held = position.quantity;
  if (held === 0 || Math.sign(held) === Math.sign(delta)) {
    return { position: increase(position, delta, fill.price), realizedPnl: 0, closedQuantity: 0 };
  }
  const closedQuantity = Math.min(Math.abs(held), fill.quantity);
  // `+ 0` turns a breakeven short cover's −0 into 0, which callers compare and store.
  const realizedPnl = closedQuantity * (fill.price - position.averagePrice) * Math.sign(held) + 0;
  const remaining = snapQuantity(held + delta);
  return { position: afterReduction(position, remaining, fill.price), realizedPnl, closedQuantity };
}

function increase(position: Position, delta: number, price: number): Position {
  const quantity = position.quantity + delta;
  const cost = Math.abs(position.quantity) * position.averagePrice + Math.abs(delta) * price;
  return { quantity, averagePrice: cost / Math.abs(quantity) };
}

function afterReduction(position: Position, remaining: number, price: number): Position {
  if (remaining === 0) return { ...FLAT };
  const flipped = Math.sign(remaining) !== Math.sign(position.quantity);
  return { quantity: remaining, averagePrice: flipped ? price : position.averagePrice };
}

function assertValidTerms(fill: FillTerms): void {
  if (!(fill.quantity > 0) || !Number.isFinite(fill.quantity)) {
    throw new RangeError(`fill quantity must be a positive finite number, got ${fill.quantity}`);
  }
  if (!Number.isFinite(fill.price)) throw new RangeError(`fill price must be finite, got ${fill.price}`);
}
