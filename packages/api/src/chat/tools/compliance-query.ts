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
  /** Which of the versions passed in judged the fill (its index). */
  version_index: number;
  rules: Record<ComplianceRule, boolean>;
}

/** A configuration and the time from which it judges fills (null: from the start). */
export interface VersionInForce {
  inForceFrom: Date | null;
  config: ComplianceConfig;
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
 * summed as each fill changes its own symbol's term. Each fill is judged by the last of `versions` (in order)
 * in force at its time, found per fill in the few rows of `rules`, so no version is read per fill.
 * Counts every violation; lists the first `limit` violating fills.
 */
export async function findViolations(
  tx: Db,
  run: { id: number; asOf: Date },
  versions: readonly VersionInForce[],
  limit: number,
): Promise<ComplianceRows> {
  const [row] = await tx.$queryRaw<ComplianceRows[]>`
    WITH rules AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${rulesJson(versions)}::jsonb)
          AS r(version_index int, in_force_from timestamptz, allowed_order_types text[], allow_options boolean,
               allow_shorting boolean, buying_power_limit numeric)
    ), ordered AS (
      SELECT t.id, t.executed_at, t.symbol, t.asset_type, t.side, t.order_type, t.quantity, t.price, t.closed_quantity,
             s.signed, s.basis_change, rule.version_index, rule.allowed_order_types, rule.allow_options, rule.allow_shorting,
             rule.buying_power_limit,
             sum(s.signed) OVER symbol_so_far AS held_after, sum(s.basis_change) OVER symbol_so_far AS basis_after
        FROM trades t
       CROSS JOIN LATERAL (SELECT CASE WHEN t.side = 'buy' THEN t.quantity ELSE -t.quantity END AS signed) AS q
       CROSS JOIN LATERAL (SELECT q.signed, q.signed * t.price + t.realized_pnl AS basis_change) AS s
       CROSS JOIN LATERAL (
         SELECT * FROM rules WHERE rules.in_force_from <= t.executed_at ORDER BY rules.version_index DESC LIMIT 1
       ) AS rule
       WHERE t.run_id = ${run.id} AND t.executed_at <= ${run.asOf}
      WINDOW symbol_so_far AS (PARTITION BY t.symbol ORDER BY t.executed_at, t.id)
    ), changes AS (
      SELECT *, (CASE WHEN held_after = 0 THEN 0 ELSE abs(basis_after) END)
              - (CASE WHEN held_after = signed THEN 0 ELSE abs(basis_after - basis_change) END) AS gross_change
        FROM ordered
    ), flagged AS (
      SELECT *, sum(gross_change) OVER (ORDER BY executed_at, id) AS gross_after,
             NOT (order_type::text = ANY(allowed_order_types)) AS order_type_not_allowed,
             asset_type = 'option' AND NOT allow_options AS options_disallowed,
             side = 'sell' AND quantity > closed_quantity AND NOT allow_shorting AS shorting_disallowed
        FROM changes
    ), checked AS (
      SELECT *, gross_change > 0 AND gross_after > buying_power_limit + ${MONEY_EPSILON}::numeric AS buying_power_exceeded
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
             held_after::float8 AS held_after, gross_after::float8 AS gross_after, version_index,
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

/** The versions as rows for jsonb_to_recordset; -infinity puts the first in force from the start. */
function rulesJson(versions: readonly VersionInForce[]): string {
  return JSON.stringify(
    versions.map((version, index) => ({
      version_index: index,
      in_force_from: version.inForceFrom?.toISOString() ?? "-infinity",
      allowed_order_types: version.config.allowedOrderTypes,
      allow_options: version.config.allowOptionsStrategies,
      allow_shorting: version.config.allowShorting,
      buying_power_limit: limitOf(version.config),
    })),
  );
}
