import { applyFill, type Position, type Side } from "@parley/trading";

/** A fill of one symbol as the replay needs it; `storedId` for fills already in the database. */
export interface ReplayItem {
  storedId: number | null;
  side: Side;
  quantity: number;
  price: number;
  executedAt: Date;
  /** What the database holds now (stored fills only), to update only what changed. */
  stored?: { realizedPnl: number; closedQuantity: number };
}

export interface ReplayOutcome {
  realizedPnl: number;
  closedQuantity: number;
}

/** DECIMAL(18,6): values that agree to 6 decimals need no update. */
const sameStored = (a: number, b: number) => Math.round(a * 1e6) === Math.round(b * 1e6);

/**
 * Replays one symbol's fills from `start` (the position held before the earliest new fill):
 * stored fills at or after that moment, merged with the new ones in the order the database will
 * replay them (time, then id; new fills get higher ids than every stored one, so at equal times
 * they come after). Returns each new fill's outcome in input order, and the stored fills whose
 * realized P&L or closed quantity must change.
 */
export function replayMerged(start: Position, stored: readonly ReplayItem[], fresh: readonly ReplayItem[]) {
  const order = [...stored, ...fresh].sort(
    (a, b) => a.executedAt.getTime() - b.executedAt.getTime() || rank(a) - rank(b) || (a.storedId ?? 0) - (b.storedId ?? 0),
  );
  const freshOutcomes = new Map<ReplayItem, ReplayOutcome>();
  const changed: Array<{ id: number } & ReplayOutcome> = [];
  let position = start;
  for (const item of order) {
    const effect = applyFill(position, item);
    position = effect.position;
    const outcome = { realizedPnl: effect.realizedPnl, closedQuantity: effect.closedQuantity };
    if (item.storedId === null) freshOutcomes.set(item, outcome);
    else if (
      !item.stored ||
      !sameStored(item.stored.realizedPnl, outcome.realizedPnl) ||
      !sameStored(item.stored.closedQuantity, outcome.closedQuantity)
    ) {
      changed.push({ id: item.storedId, ...outcome });
    }
  }
  return { fresh: fresh.map((item) => freshOutcomes.get(item) ?? { realizedPnl: 0, closedQuantity: 0 }), changed };
}

// Array.prototype.sort is stable: new fills at the same time keep their batch order.
const rank = (item: ReplayItem) => (item.storedId === null ? 1 : 0);

/** A position from the sums SQL keeps: Σ signed quantity and Σ signed quantity × price + Σ realized. */
export function positionFromSums(quantity: number, basis: number): Position {
  // Quantities are stored with 6 decimals; float sums of them carry residue below that.
  const held = Math.round(quantity * 1e6) / 1e6;
  return held === 0 ? { quantity: 0, averagePrice: 0 } : { quantity: held, averagePrice: basis / held };
}
