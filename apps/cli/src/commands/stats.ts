import type { RouterOutputs } from "@parley/client";
import type { Command } from "../command.js";
import { table } from "../format.js";

type Stats = RouterOutputs["admin"]["usageStats"];

type Figures = Stats["costs"]["total"];

/** USD with enough decimals for a fraction of a cent; "—" when nothing counted had a price. */
export const dollars = (figures: Pick<Figures, "costUsd" | "unpriced">) =>
  figures.costUsd === null ? "—" : `$${figures.costUsd.toFixed(figures.costUsd < 1 ? 4 : 2)}${figures.unpriced ? "+" : ""}`;

function costTable(heading: string, groups: Stats["costs"]["byUser"]): string[] {
  if (!groups.length) return [];
  const rows = groups.map((g) => [
    g.label ?? g.key ?? "(none)",
    String(g.total.totalTokens),
    dollars(g.replies),
    dollars(g.titles),
    dollars(g.summaries),
    dollars(g.total),
  ]);
  return ["", table([heading, "TOKENS", "REPLIES", "TITLES", "SUMMARIES", "COST"], rows)];
}

function describeCosts(costs: Stats["costs"]): string[] {
  const line = (name: string, f: Figures) =>
    `  ${name}: ${f.totalTokens} tokens over ${f.count}, ${dollars(f)}${f.unpriced ? ` (${f.unpriced} unpriced)` : ""}`;
  return [
    "",
    `Cost: ${dollars(costs.total)}`,
    line("replies", costs.replies),
    line("titles", costs.titles),
    line("summaries", costs.summaries),
    ...costTable("AI MODEL", costs.byAiModel),
    ...costTable("USER", costs.byUser),
    ...costTable("MODEL", costs.byModel),
    ...costTable("RUN", costs.byRun),
  ];
}

const figure = (value: number | null) => (value === null ? "-" : Number.isInteger(value) ? String(value) : value.toFixed(1));

function describe(stats: Stats): string {
  const { modelConversations: totals, messagesPerModelConversation: per, tokens } = stats;
  const top = stats.mostActiveModels.map((m) => [
    String(m.modelId),
    `${m.name}${m.deleted ? " (deleted)" : ""}`,
    String(m.conversations),
    String(m.messages),
  ]);
  const byModel = tokens.byAiModel.map((t) => [t.aiModel ?? "(unknown)", t.prompt, t.completion, t.total, t.replies].map(String));
  return [
    `Model conversations: ${totals.conversations}, by ${totals.users} user(s), about ${totals.models} model(s)`,
    `Messages per model conversation (non-empty): average ${figure(per.average)}, median ${figure(per.median)}, min ${figure(per.min)}, max ${figure(per.max)}`,
    "",
    "Most active models:",
    top.length ? table(["ID", "MODEL", "CONVERSATIONS", "MESSAGES"], top) : "(none)",
    "",
    `Tokens: ${tokens.total} (${tokens.prompt} prompt, ${tokens.completion} completion) over ${tokens.replies} replies`,
    byModel.length ? table(["AI MODEL", "PROMPT", "COMPLETION", "TOTAL", "REPLIES"], byModel) : "",
    ...describeCosts(stats.costs),
  ]
    .join("\n")
    .trimEnd();
}

export const stats: Command = async ({ args, connection, print }) => {
  const found = await connection().client.admin.usageStats.query({ topModels: args.top ?? 10 });
  print(describe(found), found);
};
