import type { RunFigures } from "../../runs/run-figures.js";
import type { ConfigurationVersions, ModelConfigForPrompt, RunFactsForPrompt } from "./load-conversation.js";

const money = (value: number) => `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const allowed = (flag: boolean) => (flag ? "allowed" : "not allowed");
const label = (value: string) => value.replaceAll("_", " ");

const BASE = `You are Parley, the assistant of a platform where traders configure AI trading models and review their runs.
Answer clearly and concretely. Use Markdown; use tables for figures. Never invent figures you were not given.`;

/** Every configuration field, stated plainly: the assistant must know the model exactly. */
export function describeModel(model: ModelConfigForPrompt): string {
  const lines = [
    `- Name: ${model.name}`,
    `- AI model: ${model.defaultAiModel}`,
    `- Trading mode: ${model.tradingMode}`,
    `- Trading style: ${label(model.tradingStyle)}`,
    `- Instrument: ${model.instrument}${model.symbols.length ? ` (symbols: ${model.symbols.join(", ")})` : ""}`,
    `- Margin account: ${model.marginAccount ? "yes" : "no (cash account)"}`,
    `- Buying power: ${money(model.buyingPower)}`,
    `- Short selling: ${allowed(model.allowShorting)}`,
    `- Options strategies: ${allowed(model.allowOptionsStrategies)}`,
    `- Hedging: ${allowed(model.allowHedging)}`,
    `- Allowed order types: ${model.allowedOrderTypes.map(label).join(", ")}`,
    `- Custom rules: ${model.customRules?.trim() || "none"}`,
    `- Custom instructions: ${model.customInstructions?.trim() || "none"}`,
  ];
  if (model.deleted) lines.push("- Status: this model has been deleted");
  return lines.join("\n");
}

function describeRun(run: RunFactsForPrompt): string {
  const lines = [
    `- Run: #${run.id} (${run.status})`,
    `- Started: ${run.startedAt.toISOString()}${run.endedAt ? `, ended: ${run.endedAt.toISOString()}` : ", still running"}`,
    `- Starting capital: ${money(run.startingCapital)}`,
    `- Fills: ${run.fills} across ${run.symbols} symbol${run.symbols === 1 ? "" : "s"}`,
    `- Realized P&L: ${money(run.realizedPnl)} before ${money(run.fees)} of fees`,
  ];
  if (run.figures) lines.push(describeFigures(run.figures), describeChange(run.figures, run.toldBefore));
  return lines.join("\n");
}

const signed = (value: number) => `${value < 0 ? "−" : "+"}${money(Math.abs(value))}`;

/** Fills keep arriving in a running run: the figures say when they are from. */
function describeFigures(now: RunFigures): string {
  const last = now.lastFillAt ? `, last fill at ${now.lastFillAt}` : ", no fills yet";
  return (
    `- Figures as of ${now.asOf}${last}: ${now.fills} fills, realized P&L ${money(now.realizedPnl)}, unrealized P&L ` +
    `${money(now.unrealizedPnl)}, fees ${money(now.fees)}, total P&L ${money(now.totalPnl)}, ${now.openPositions} open positions`
  );
}

/** "14 new fills since your last answer; realized P&L +$310.00": what the user may be asking about. */
function describeChange(now: RunFigures, before: RunFigures | null): string {
  if (!before) return "- This is your first answer with these figures.";
  const newFills = now.fills - before.fills;
  if (newFills === 0 && now.status === before.status)
    return `- Nothing changed since your last answer (figures then as of ${before.asOf}).`;
  const parts = [
    `${newFills} new fill${newFills === 1 ? "" : "s"}`,
    `realized P&L ${signed(now.realizedPnl - before.realizedPnl)}`,
    `unrealized P&L ${signed(now.unrealizedPnl - before.unrealizedPnl)}`,
    `fees ${signed(now.fees - before.fees)}`,
  ];
  if (now.status !== before.status) parts.push(`status ${before.status} → ${now.status}`);
  return `- Since your last answer (figures then as of ${before.asOf}): ${parts.join("; ")}.`;
}

/**
 * The system prompt of each level: the platform (general), plus the model's configuration
 * (model), plus the run's headline facts and its tools (run). Rebuilt on every turn from the
 * current data, so an edited model is known as edited.
 */
export function buildSystemPrompt(input: {
  model: ModelConfigForPrompt | null;
  run: RunFactsForPrompt | null;
  versions?: ConfigurationVersions | null;
  summary: string | null;
  hasTools: boolean;
}): string {
  const parts = [BASE];
  if (input.model) {
    parts.push(
      "This conversation is about one of the user's trading models. Its current configuration:",
      `## Trading model configuration\n${describeModel(input.model)}`,
    );
  }
  if (input.versions) parts.push(describeVersions(input.versions, input.run !== null));
  if (input.run) {
    parts.push(`## Run\n${describeRun(input.run)}`);
    if (input.hasTools) {
      parts.push("Use the tools to look at this run's trades, positions and P&L before answering questions about them.");
    }
  } else if (input.model && input.hasTools) {
    parts.push("Use the tools to list, rank and compare this model's runs before answering questions about them.");
  }
  if (input.summary) parts.push(`## Summary of earlier messages\n${input.summary}`);
  return parts.join("\n\n");
}

/** Which version the assistant sees, and what changed since its previous reply: it must not go on from the old one. */
function describeVersions(versions: ConfigurationVersions, isRun: boolean): string {
  const lines = [`The configuration above is version ${versions.current}.`];
  if (isRun && versions.run !== null && versions.run !== versions.current) {
    lines.push(`This run ran with version ${versions.run}; judge its trades by that version's rules.`);
  }
  if (versions.changedSince.length) {
    lines.push(
      "The configuration changed since your previous reply in this conversation (tell the user you noticed when it matters):",
      ...versions.changedSince.map((change) => `- v${change.from} → v${change.to}: ${change.summary}`),
    );
  }
  return `## Configuration version\n${lines.join("\n")}`;
}
