import type { ComplianceRule } from "@parley/trading";
import { z } from "zod";
import { loadComplianceConfiguration, quoteRule, type ComplianceConfiguration } from "./compliance-configuration.js";
import { findViolations, limitOf, type ViolatingFill } from "./compliance-query.js";
import { money, price, quantity, time } from "./output.js";
import { defineTool } from "./tool.js";

const MAX_VIOLATIONS = 50;
const RULES: readonly ComplianceRule[] = ["order_type_not_allowed", "options_disallowed", "shorting_disallowed", "buying_power_exceeded"];

export const checkCompliance = defineTool({
  name: "check_compliance",
  description:
    "Checks this run's fills against its trading model's configuration: order types not allowed, options while options " +
    "strategies are off, sells that open or add to a short while shorting is off, and fills that raise the gross notional " +
    "of open positions (at cost) above the buying power (× 2 on a margin account). Returns the configuration, counts per " +
    "rule and the first violations in time order.",
  input: z.strictObject({}),
  async run(read, run) {
    const model = await read((tx) => loadComplianceConfiguration(tx, run.id));
    const { summary, violations } = await read((tx) => findViolations(tx, run, model.config, MAX_VIOLATIONS));
    const listed = violations.flatMap((fill) => describeViolation(fill, model)).slice(0, MAX_VIOLATIONS);
    const total = RULES.reduce((sum, rule) => sum + summary[rule], 0);
    return {
      configuration: {
        model: model.name,
        version: model.version,
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
        "Checked against the configuration version the run ran with (the model's current one when the run recorded none); each violation quotes the setting it broke and names the trade. Hedging is not checked: one net position per symbol cannot " +
        "hold offsetting positions, and the fills do not link related instruments.",
    };
  },
});

/** One entry per rule the fill broke, in packages/trading's order and wording. */
function describeViolation(fill: ViolatingFill, configuration: ComplianceConfiguration) {
  const limit = limitOf(configuration.config);
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
    quotedRule: quoteRule(rule, configuration),
  }));
}
