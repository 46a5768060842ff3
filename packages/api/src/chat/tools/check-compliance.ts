import type { ComplianceConfig, ComplianceRule, OrderType } from "@parley/trading";
import { z } from "zod";
import type { Db } from "../../db/as-user.js";
import { findViolations, limitOf, type ViolatingFill } from "./compliance-query.js";
import { money, price, quantity, time } from "./output.js";
import { defineTool, ToolInputError } from "./tool.js";

const MAX_VIOLATIONS = 50;
const RULES: readonly ComplianceRule[] = ["order_type_not_allowed", "options_disallowed", "shorting_disallowed", "buying_power_exceeded"];

interface ModelRow {
  name: string;
  allow_shorting: boolean;
  allow_options_strategies: boolean;
  allow_hedging: boolean;
  allowed_order_types: OrderType[];
  buying_power: number;
  margin_account: boolean;
}

export const checkCompliance = defineTool({
  name: "check_compliance",
  description:
    "Checks this run's fills against its trading model's configuration: order types not allowed, options while options " +
    "strategies are off, sells that open or add to a short while shorting is off, and fills that raise the gross notional " +
    "of open positions (at cost) above the buying power (× 2 on a margin account). Returns the configuration, counts per " +
    "rule and the first violations in time order.",
  input: z.strictObject({}),
  async run(read, run) {
    const model = await read((tx) => loadConfiguration(tx, run.modelId));
    const { summary, violations } = await read((tx) => findViolations(tx, run, model.config, MAX_VIOLATIONS));
    const listed = violations.flatMap((fill) => describeViolation(fill, limitOf(model.config))).slice(0, MAX_VIOLATIONS);
    const total = RULES.reduce((sum, rule) => sum + summary[rule], 0);
    return {
      configuration: {
        model: model.name,
        ...model.config,
        buyingPower: money(model.config.buyingPower),
        buyingPowerLimit: money(limitOf(model.config)),
      },
      checkedFillCount: summary.checked,
      violationCount: total,
      violationsByRule: Object.fromEntries(RULES.map((rule) => [rule, summary[rule]])),
      violations: listed,
      truncated: total > listed.length,
      notes:
        "Checked against the model's current configuration. Hedging is not checked: one net position per symbol cannot " +
        "hold offsetting positions, and the fills do not link related instruments.",
    };
  },
});

async function loadConfiguration(tx: Db, modelId: number): Promise<{ name: string; config: ComplianceConfig }> {
  const [row] = await tx.$queryRaw<ModelRow[]>`
    SELECT name, allow_shorting, allow_options_strategies, allow_hedging, allowed_order_types::text[] AS allowed_order_types,
           buying_power::float8 AS buying_power, margin_account
      FROM models WHERE id = ${modelId}`;
  if (!row) throw new ToolInputError("This run's trading model is not available");
  return {
    name: row.name,
    config: {
      allowShorting: row.allow_shorting,
      allowOptionsStrategies: row.allow_options_strategies,
      allowHedging: row.allow_hedging,
      allowedOrderTypes: row.allowed_order_types,
      buyingPower: row.buying_power,
      marginAccount: row.margin_account,
    },
  };
}

/** One entry per rule the fill broke, in packages/trading's order and wording. */
function describeViolation(fill: ViolatingFill, limit: number) {
  const details: Record<ComplianceRule, string> = {
    order_type_not_allowed: `${fill.order_type} orders are not allowed`,
    options_disallowed: `options are not allowed (${fill.symbol})`,
    shorting_disallowed: `selling ${fill.quantity} ${fill.symbol} leaves a short of ${-fill.held_after}`,
    buying_power_exceeded: `gross notional ${fill.gross_after.toFixed(2)} exceeds the limit of ${limit.toFixed(2)}`,
  };
  return RULES.filter((rule) => fill.rules[rule]).map((rule) => ({
    tradeId: fill.id,
    executedAt: time(new Date(fill.executed_at)),
    symbol: fill.symbol,
    side: fill.side,
    quantity: quantity(fill.quantity),
    price: price(fill.price),
    orderType: fill.order_type,
    assetType: fill.asset_type,
    rule,
    detail: details[rule],
  }));
}
