import type { RouterOutputs } from "@parley/client";
import type { Command } from "../command.js";
import { table } from "../format.js";

type Stats = RouterOutputs["admin"]["usageStats"];

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
  ]
    .join("\n")
    .trimEnd();
}

export const stats: Command = async ({ args, connection, print }) => {
  const found = await connection().client.admin.usageStats.query({ topModels: args.top ?? 10 });
  print(describe(found), found);
};
