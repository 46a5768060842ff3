import type { ComplianceRule } from "@parley/trading";
import { z } from "zod";
import { loadComplianceConfigurations, quoteRule, type ComplianceConfiguration } from "./compliance-configuration.js";
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
    const model = await read((tx) => loadComplianceConfigurations(tx, run));
    const { summary, violations } = await read((tx) => findViolations(tx, run, model.versions, MAX_VIOLATIONS));
    const listed = violations.flatMap((fill) => describeViolation(fill, judgedBy(model.versions, fill))).slice(0, MAX_VIOLATIONS);
    const total = RULES.reduce((sum, rule) => sum + summary[rule], 0);
    const [own, ...edits] = model.versions.map(describeConfiguration);
    return {
      configuration: { model: model.name, ...own },
      editsInForce: edits,
      checkedFillCount: summary.checked,
      violationCount: total,
      violationsByRule: Object.fromEntries(RULES.map((rule) => [rule, summary[rule]])),
      violations: listed,
      truncated: total > listed.length,
      notes:
        "Each trade is judged by the configuration version in force at its time: a backtest's by the version it ran with; a " +
        "paper or live run's by the latest version created at or before the trade, never earlier than the run's own " +
        "(editsInForce lists those later versions). Without a recorded version, the model's current configuration. Each " +
        "violation names its version, quotes the setting it broke and names the trade. Hedging is not checked: one net position per symbol cannot " +
        "hold offsetting positions, and the fills do not link related instruments.",
    };
  },
});

function describeConfiguration(configuration: ComplianceConfiguration) {
  const { version, inForceFrom, config } = configuration;
  return {
    version,
    ...(inForceFrom ? { inForceFrom: time(inForceFrom) } : {}),
    ...config,
    buyingPower: money(config.buyingPower),
    buyingPowerLimit: money(limitOf(config)),
  };
}

function judgedBy(versions: readonly ComplianceConfiguration[], fill: ViolatingFill): ComplianceConfiguration {
  const version = versions[fill.version_index];
  if (!version) throw new Error(`the query judged a fill by version index ${fill.version_index}, which it was not given`);
  return version;
}

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
    version: configuration.version,
    detail: details[rule],
    quotedRule: quoteRule(rule, configuration),
  }));
}
