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
 * A fill's realized P&L as the database keeps it: 6 decimals, halves away from zero (NUMERIC).
 * Trade outcomes are judged on it, so the reference's wins, losses and their sums are the stored
 * figures' exactly: fast-check found a 4.9e-7 "win" stored as 0, and with fills of $0.01
 * notional the unrounded sums moved a profit factor from 1.2 to 1.2048.
 */
export function storedMoney(amount: number): number {
  return (Math.sign(amount) * Math.round(Math.abs(amount) * 1e6)) / 1e6;
}

/** True when two amounts agree to the cent, the tolerance for checking against decimal arithmetic. */
export function isSameMoney(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

export function snapQuantity(quantity: number): number {
  return Math.abs(quantity) < QUANTITY_EPSILON ? 0 : quantity;
}
