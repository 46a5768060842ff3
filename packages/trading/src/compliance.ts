import { sortFills } from "./ledger.js";
import { applyFill, FLAT } from "./position.js";
import { MONEY_EPSILON } from "./precision.js";
import type { Fill, OrderType, Position } from "./types.js";

export interface ComplianceConfig {
  allowShorting: boolean;
  allowOptionsStrategies: boolean;
  allowHedging: boolean;
  allowedOrderTypes: readonly OrderType[];
  buyingPower: number;
  marginAccount: boolean;
}

export type ComplianceRule = "order_type_not_allowed" | "options_disallowed" | "shorting_disallowed" | "buying_power_exceeded";

export interface ComplianceViolation {
  fillId: number;
  rule: ComplianceRule;
  detail: string;
}

/** Regulation T: a margin account may carry positions worth twice its buying power. */
export const MARGIN_LEVERAGE = 2;

/**
 * Replays the fills (time, then id) and reports, in that order, each rule a fill breaks:
 * - order_type_not_allowed: its order type is not in `allowedOrderTypes`;
 * - options_disallowed: it trades an option while `allowOptionsStrategies` is off;
 * - shorting_disallowed: a sell that leaves the position below zero while shorting is off
 *   (opening, adding to or flipping into a short; buying back a short only reduces it);
 * - buying_power_exceeded: it raises the gross notional of open positions above buyingPower
 *   (× MARGIN_LEVERAGE on a margin account). Positions count at cost, |quantity| × average price,
 *   because fills alone determine that (marks are not consulted), and realized P&L and fees do
 *   not change the limit. A fill that lowers the gross notional is never flagged.
 * Hedging is not checked: with one net position per symbol, offsetting positions can only exist
 * across related instruments, which the fills do not link.
 */
export function checkCompliance(fills: readonly Fill[], config: ComplianceConfig): ComplianceViolation[] {
  const limit = config.buyingPower * (config.marginAccount ? MARGIN_LEVERAGE : 1);
  const positions = new Map<string, Position>();
  let grossNotional = 0;
  return sortFills(fills).flatMap((fill) => {
    const before = positions.get(fill.symbol) ?? FLAT;
    const after = applyFill(before, fill).position;
    positions.set(fill.symbol, after);
    const grossBefore = grossNotional;
    grossNotional += costBasis(after) - costBasis(before);
    const found = breaches(fill, after, config);
    if (grossNotional > limit + MONEY_EPSILON && grossNotional > grossBefore) {
      const detail = `gross notional ${money(grossNotional)} exceeds the limit of ${money(limit)}`;
      found.push({ rule: "buying_power_exceeded", detail });
    }
    return found.map((breach) => ({ fillId: fill.id, ...breach }));
  });
}

type Breach = Omit<ComplianceViolation, "fillId">;

/** The rules that depend only on the fill and the position it leaves. */
function breaches(fill: Fill, after: Position, config: ComplianceConfig): Breach[] {
  const found: Breach[] = [];
  if (!config.allowedOrderTypes.includes(fill.orderType)) {
    found.push({ rule: "order_type_not_allowed", detail: `${fill.orderType} orders are not allowed` });
  }
  if (fill.assetType === "option" && !config.allowOptionsStrategies) {
    found.push({ rule: "options_disallowed", detail: `options are not allowed (${fill.symbol})` });
  }
  if (fill.side === "sell" && after.quantity < 0 && !config.allowShorting) {
    const detail = `selling ${fill.quantity} ${fill.symbol} leaves a short of ${-after.quantity}`;
    found.push({ rule: "shorting_disallowed", detail });
  }
  return found;
}

function costBasis(position: Position): number {
  return Math.abs(position.quantity * position.averagePrice);
}

function money(amount: number): string {
  return amount.toFixed(2);
}
