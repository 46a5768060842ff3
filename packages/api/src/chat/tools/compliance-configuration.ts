import type { ComplianceConfig, ComplianceRule, OrderType } from "@parley/trading";
import type { Db } from "../../db/as-user.js";
import type { VersionConfig } from "../../models/config-diff.js";
import type { BoundRun } from "./bound-run.js";
import { ToolInputError } from "./tool.js";

interface ModelRow {
  name: string;
  model_version: number | null;
  allow_shorting: boolean;
  allow_options_strategies: boolean;
  allow_hedging: boolean;
  allowed_order_types: OrderType[];
  buying_power: number;
  margin_account: boolean;
}

interface VersionRow {
  version: number;
  config: Partial<VersionConfig>;
  created_at: Date;
}

export interface ComplianceConfiguration {
  /** The configuration version; null when the run recorded none (then: the model's current one). */
  version: number | null;
  /** From when it judges trades; null for the run's own version, which is in force from the start. */
  inForceFrom: Date | null;
  config: ComplianceConfig;
}

export interface ComplianceConfigurations {
  name: string;
  /** The run's own version first, then each later version in force from its creation, by number. */
  versions: ComplianceConfiguration[];
}

/**
 * The versions that judge the run's trades. The version in force at a trade is:
 * - for a backtest, the run's own version: its fill times are simulated history, not moments
 *   when the model was edited;
 * - for paper and live runs, the latest version of the model created at or before the trade,
 *   never earlier than the run's own version (an edit during the run judges the trades after it).
 * Only the run's version and the later ones created by `asOf` are loaded (versions are few; the
 * query picks one per fill). Without a recorded version, the model's current configuration.
 */
export async function loadComplianceConfigurations(tx: Db, run: Pick<BoundRun, "id" | "kind" | "asOf">): Promise<ComplianceConfigurations> {
  const [model] = await tx.$queryRaw<ModelRow[]>`
    SELECT m.name, r.model_version, m.allow_shorting, m.allow_options_strategies, m.allow_hedging,
           m.allowed_order_types::text[] AS allowed_order_types, m.buying_power::float8 AS buying_power, m.margin_account
      FROM trading_runs r JOIN models m ON m.id = r.model_id
     WHERE r.id = ${run.id}`;
  if (!model) throw new ToolInputError("This run's trading model is not available");
  const current = currentConfig(model);
  if (model.model_version === null) return { name: model.name, versions: [{ version: null, inForceFrom: null, config: current }] };
  const rows = await tx.$queryRaw<VersionRow[]>`
    SELECT v.version, v.config, v.created_at
      FROM trading_runs r JOIN model_versions v ON v.model_id = r.model_id
     WHERE r.id = ${run.id}
       AND (v.version = r.model_version
            OR (${run.kind !== "backtest"}::boolean AND v.version > r.model_version AND v.created_at <= ${run.asOf}))
     ORDER BY v.version`;
  const versions = rows.map((row): ComplianceConfiguration => ({
    version: row.version,
    inForceFrom: row.version === model.model_version ? null : row.created_at,
    config: storedConfig(row.config, current),
  }));
  // A run's version is always stored (foreign key); the fallback keeps the type honest.
  if (versions[0]?.inForceFrom !== null) versions.unshift({ version: null, inForceFrom: null, config: current });
  return { name: model.name, versions };
}

function currentConfig(row: ModelRow): ComplianceConfig {
  return {
    allowShorting: row.allow_shorting,
    allowOptionsStrategies: row.allow_options_strategies,
    allowHedging: row.allow_hedging,
    allowedOrderTypes: row.allowed_order_types,
    buyingPower: row.buying_power,
    marginAccount: row.margin_account,
  };
}

/** A version stored before a field existed takes that field from the model's current configuration. */
function storedConfig(stored: Partial<VersionConfig>, current: ComplianceConfig): ComplianceConfig {
  return {
    allowShorting: stored.allowShorting ?? current.allowShorting,
    allowOptionsStrategies: stored.allowOptionsStrategies ?? current.allowOptionsStrategies,
    allowHedging: stored.allowHedging ?? current.allowHedging,
    allowedOrderTypes: stored.allowedOrderTypes ?? current.allowedOrderTypes,
    buyingPower: stored.buyingPower ?? current.buyingPower,
    marginAccount: stored.marginAccount ?? current.marginAccount,
  };
}

/** The setting a rule enforces, quoted from the configuration it was checked against. */
export function quoteRule(rule: ComplianceRule, configuration: ComplianceConfiguration): string {
  const { config, version } = configuration;
  const source = version === null ? "current configuration" : `configuration v${version}`;
  const setting: Record<ComplianceRule, string> = {
    order_type_not_allowed: `allowed order types: ${config.allowedOrderTypes.join(", ").replaceAll("_", " ") || "none"}`,
    options_disallowed: `options strategies: ${config.allowOptionsStrategies ? "allowed" : "not allowed"}`,
    shorting_disallowed: `short selling: ${config.allowShorting ? "allowed" : "not allowed"}`,
    buying_power_exceeded: `buying power: $${config.buyingPower.toFixed(2)}${config.marginAccount ? " (margin account: × 2)" : ""}`,
  };
  return `${source}: “${setting[rule]}”`;
}
