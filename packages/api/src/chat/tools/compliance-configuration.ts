import type { ComplianceConfig, ComplianceRule, OrderType } from "@parley/trading";
import type { Db } from "../../db/as-user.js";
import type { VersionConfig } from "../../models/config-diff.js";
import { ToolInputError } from "./tool.js";

interface ConfigurationRow {
  name: string;
  version: number | null;
  version_config: Partial<VersionConfig> | null;
  allow_shorting: boolean;
  allow_options_strategies: boolean;
  allow_hedging: boolean;
  allowed_order_types: OrderType[];
  buying_power: number;
  margin_account: boolean;
}

export interface ComplianceConfiguration {
  name: string;
  /** The configuration version the run ran with; null when the run recorded none (then: the model's current one). */
  version: number | null;
  config: ComplianceConfig;
}

/**
 * The rules in force for the run's trades: the configuration version the run ran with (a
 * later edit of the model does not re-judge trades made under the old rules), else the model's
 * current configuration.
 */
export async function loadComplianceConfiguration(tx: Db, runId: number): Promise<ComplianceConfiguration> {
  const [row] = await tx.$queryRaw<ConfigurationRow[]>`
    SELECT m.name, v.version, v.config AS version_config, m.allow_shorting, m.allow_options_strategies, m.allow_hedging,
           m.allowed_order_types::text[] AS allowed_order_types, m.buying_power::float8 AS buying_power, m.margin_account
      FROM trading_runs r JOIN models m ON m.id = r.model_id
      LEFT JOIN model_versions v ON v.model_id = r.model_id AND v.version = r.model_version
     WHERE r.id = ${runId}`;
  if (!row) throw new ToolInputError("This run's trading model is not available");
  const current: ComplianceConfig = {
    allowShorting: row.allow_shorting,
    allowOptionsStrategies: row.allow_options_strategies,
    allowHedging: row.allow_hedging,
    allowedOrderTypes: row.allowed_order_types,
    buyingPower: row.buying_power,
    marginAccount: row.margin_account,
  };
  const stored = row.version_config;
  if (!stored || row.version === null) return { name: row.name, version: null, config: current };
  return {
    name: row.name,
    version: row.version,
    config: {
      allowShorting: stored.allowShorting ?? current.allowShorting,
      allowOptionsStrategies: stored.allowOptionsStrategies ?? current.allowOptionsStrategies,
      allowHedging: stored.allowHedging ?? current.allowHedging,
      allowedOrderTypes: stored.allowedOrderTypes ?? current.allowedOrderTypes,
      buyingPower: stored.buyingPower ?? current.buyingPower,
      marginAccount: stored.marginAccount ?? current.marginAccount,
    },
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
