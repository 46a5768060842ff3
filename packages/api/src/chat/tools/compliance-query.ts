import { MARGIN_LEVERAGE, MONEY_EPSILON, type ComplianceConfig, type ComplianceRule } from "@parley/trading";
import type { Db } from "../../db/as-user.js";

export interface ViolatingFill {
  id: number;
  /** As json_agg writes a timestamptz. */
  executed_at: string;
  symbol: string;
  asset_type: string;
  side: string;
  order_type: string;
  quantity: number;
  price: number;
  /** Signed position of the symbol after the fill. */
  held_after: number;
  /** Gross notional at cost of every open position after the fill. */
  gross_after: number;
  rules: Record<ComplianceRule, boolean>;
}

export interface ComplianceRows {
  /** How many fills were checked, and how many broke each rule. */
  summary: { checked: number } & Record<ComplianceRule, number>;
  /** The first violating fills in replay order. */
  violations: ViolatingFill[];
}

/** The buying-power limit: × MARGIN_LEVERAGE on a margin account (packages/trading's rule). */
export function limitOf(config: ComplianceConfig): number {
  return config.buyingPower * (config.marginAccount ? MARGIN_LEVERAGE : 1);
}

/**
 * packages/trading's checkCompliance in one query over the run's fills in replay order (time, then
 * id). A sell leaves a short exactly when it sells more than it closed (closed_quantity); the gross
 * notional at cost is Σ over symbols of |Σ signed quantity × price + Σ realized P&L| (its identity),
 * summed as each fill changes its own symbol's term. Counts every violation; lists the first `limit` violating fills.
 */
export async function findViolations(
  tx: Db,
  run: { id: number; asOf: Date },
  config: ComplianceConfig,
  limit: number,
): Promise<ComplianceRows> {
  const [row] = await tx.$queryRaw<ComplianceRows[]>`
    WITH ordered AS (
      SELECT t.id, t.executed_at, t.symbol, t.asset_type, t.side, t.order_type, t.quantity, t.price, t.closed_quantity,
             s.signed, s.basis_change,
             sum(s.signed) OVER symbol_so_far AS held_after, sum(s.basis_change) OVER symbol_so_far AS basis_after
        FROM trades t
       CROSS JOIN LATERAL (SELECT CASE WHEN t.side = 'buy' THEN t.quantity ELSE -t.quantity END AS signed) AS q
       CROSS JOIN LATERAL (SELECT q.signed, q.signed * t.price + t.realized_pnl AS basis_change) AS s
       WHERE t.run_id = ${run.id} AND t.executed_at <= ${run.asOf}
      WINDOW symbol_so_far AS (PARTITION BY t.symbol ORDER BY t.executed_at, t.id)
    ), changes AS (
      SELECT *, (CASE WHEN held_after = 0 THEN 0 ELSE abs(basis_after) END)
              - (CASE WHEN held_after = signed THEN 0 ELSE abs(basis_after - basis_change) END) AS gross_change
        FROM ordered
    ), flagged AS (
      SELECT *, sum(gross_change) OVER (ORDER BY executed_at, id) AS gross_after,
             NOT (order_type::text = ANY(${[...config.allowedOrderTypes]}::text[])) AS order_type_not_allowed,
             asset_type = 'option' AND NOT ${config.allowOptionsStrategies}::boolean AS options_disallowed,
             side = 'sell' AND quantity > closed_quantity AND NOT ${config.allowShorting}::boolean AS shorting_disallowed
        FROM changes
    ), checked AS (
      SELECT *, gross_change > 0 AND gross_after > ${limitOf(config) + MONEY_EPSILON}::numeric AS buying_power_exceeded
        FROM flagged
    ), summary AS (
      SELECT count(*)::int AS checked,
             count(*) FILTER (WHERE order_type_not_allowed)::int AS order_type_not_allowed,
             count(*) FILTER (WHERE options_disallowed)::int AS options_disallowed,
             count(*) FILTER (WHERE shorting_disallowed)::int AS shorting_disallowed,
             count(*) FILTER (WHERE buying_power_exceeded)::int AS buying_power_exceeded
        FROM checked
    ), first_violations AS (
      SELECT id, executed_at, symbol, asset_type, side, order_type, quantity::float8 AS quantity, price::float8 AS price,
             held_after::float8 AS held_after, gross_after::float8 AS gross_after,
             json_build_object('order_type_not_allowed', order_type_not_allowed, 'options_disallowed', options_disallowed,
                               'shorting_disallowed', shorting_disallowed, 'buying_power_exceeded', buying_power_exceeded) AS rules
        FROM checked
       WHERE order_type_not_allowed OR options_disallowed OR shorting_disallowed OR buying_power_exceeded
       ORDER BY executed_at, id
       LIMIT ${limit}
    )
    SELECT (SELECT row_to_json(summary) FROM summary) AS summary,
           (SELECT COALESCE(json_agg(v ORDER BY v.executed_at, v.id), '[]'::json) FROM first_violations v) AS violations`;
  if (!row) throw new Error("an aggregate query always returns its row");
  return row;
}
