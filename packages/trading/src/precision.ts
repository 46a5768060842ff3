/**
 * Everything is computed in IEEE doubles and nothing is rounded, so results can differ from
 * exact decimal arithmetic (PostgreSQL NUMERIC) by float noise: about 1e-12 relative for the
 * magnitudes of a trading account. Compare money to the cent (see `isSameMoney`) and let the
 * caller round to cents only when displaying or storing.
 */

/** Quantities are stored with 6 decimals, so a remainder below this is float residue, not a position. */
export const QUANTITY_EPSILON = 1e-9;

/** A profit or loss this close to zero is breakeven: it only exists because of float noise. */
export const MONEY_EPSILON = 1e-9;

/**
 * Realized P&L is stored with 6 decimals, so a closing fill whose net is within half a step of
 * zero is stored as breakeven; the reference calls it breakeven too, or its win and loss counts
 * would differ from the stored figures' (fast-check found a 4.9e-7 "win" stored as 0).
 */
export const STORED_MONEY_HALF_STEP = 5e-7;

/** True when two amounts agree to the cent, the tolerance for checking against decimal arithmetic. */
export function isSameMoney(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

export function snapQuantity(quantity: number): number {
  return Math.abs(quantity) < QUANTITY_EPSILON ? 0 : quantity;
}
