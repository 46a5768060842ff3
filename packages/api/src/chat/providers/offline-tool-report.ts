import { z } from "zod";
import type { ProviderMessage } from "./provider.js";

// The offline assistant's reading of a tool result. It knows the overview's shape and writes it
// up as a table; anything else is listed field by field. The figures are the tool's, unchanged.

const figure = z.number().nullable();
const overviewShape = z.object({
  run: z.object({ id: z.number(), status: z.string(), startedAt: z.string(), endedAt: z.string().nullable(), asOf: z.string() }),
  startingCapital: z.number(),
  endingEquity: z.number(),
  totalPnl: z.number(),
  totalReturn: figure,
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  totalFees: z.number(),
  fillCount: z.number(),
  closingFillCount: z.number(),
  winCount: z.number(),
  lossCount: z.number(),
  winRate: figure,
  averageWin: figure,
  averageLoss: figure,
  profitFactor: figure,
  maxDrawdown: z.number(),
  maxDrawdownFraction: z.number(),
  sharpeRatio: figure,
  exposure: figure,
  openPositionCount: z.number(),
  openPositions: z.array(z.object({ symbol: z.string(), quantity: z.number(), averagePrice: z.number(), unrealizedPnl: z.number() })),
});
type Overview = z.infer<typeof overviewShape>;

export function money(value: number): string {
  const digits = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${value < 0 ? "-" : ""}$${digits}`;
}
const percent = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);
const plain = (value: number | null, digits = 2) => (value === null ? "n/a" : value.toFixed(digits));
const day = (iso: string) => iso.slice(0, 10);

/** What the offline assistant says about the last tool result of the conversation. */
export function describeToolOutcome(messages: readonly ProviderMessage[], result: Extract<ProviderMessage, { role: "tool" }>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.content);
  } catch {
    return result.content;
  }
  const error = z.object({ error: z.string() }).safeParse(parsed);
  if (error.success) return `I could not read the run's data: ${error.data.error}`;
  const overview = toolNameOf(messages, result.toolCallId) === "get_run_overview" ? overviewShape.safeParse(parsed) : null;
  return overview?.success ? describeOverview(overview.data) : `Here is what the run's data says:\n\n${listFields(parsed)}`;
}

function toolNameOf(messages: readonly ProviderMessage[], callId: string): string | undefined {
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    const call = message.toolCalls?.find((candidate) => candidate.id === callId);
    if (call) return call.name;
  }
  return undefined;
}

function describeOverview(o: Overview): string {
  const ended = o.run.endedAt ? `to ${day(o.run.endedAt)}` : `still running, figures as of ${o.run.asOf}`;
  const rows: Array<[string, string]> = [
    ["Starting capital", money(o.startingCapital)],
    ["Ending equity", money(o.endingEquity)],
    ["Total P&L", `${money(o.totalPnl)} (${percent(o.totalReturn)})`],
    ["Realized P&L (before fees)", money(o.realizedPnl)],
    ["Unrealized P&L", money(o.unrealizedPnl)],
    ["Fees", money(o.totalFees)],
    ["Fills", `${o.fillCount} (${o.closingFillCount} closing)`],
    ["Win rate", `${percent(o.winRate)} (${o.winCount} wins, ${o.lossCount} losses)`],
    [
      "Average win / loss",
      `${o.averageWin === null ? "n/a" : money(o.averageWin)} / ${o.averageLoss === null ? "n/a" : money(o.averageLoss)}`,
    ],
    ["Profit factor", plain(o.profitFactor)],
    ["Max drawdown", `${money(o.maxDrawdown)} (${percent(o.maxDrawdownFraction)})`],
    ["Sharpe ratio (daily, annualized)", plain(o.sharpeRatio)],
    ["Exposure (share of days with a position)", percent(o.exposure)],
  ];
  const table = ["| Figure | Value |", "| --- | ---: |", ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join("\n");
  const verdict = o.totalPnl > 0 ? "made money" : o.totalPnl < 0 ? "lost money" : "broke even";
  return [
    `**Run #${o.run.id}** (${o.run.status}, ${day(o.run.startedAt)} ${ended}) ${verdict}: ${money(o.totalPnl)} on ${money(o.startingCapital)}.`,
    table,
    describeOpenPositions(o),
  ].join("\n\n");
}

function describeOpenPositions(o: Overview): string {
  if (!o.openPositionCount) return "No position is open at the end of the run.";
  const listed = o.openPositions
    .map((p) => `- ${p.symbol}: ${p.quantity} @ ${p.averagePrice} (unrealized ${money(p.unrealizedPnl)})`)
    .join("\n");
  const more = o.openPositionCount > o.openPositions.length ? `\n- …and ${o.openPositionCount - o.openPositions.length} more` : "";
  return `Open positions at the end (${o.openPositionCount}):\n\n${listed}${more}`;
}

/** Top-level figures of a tool's JSON result, one line each. */
function listFields(result: unknown): string {
  if (typeof result !== "object" || result === null) return JSON.stringify(result);
  const lines = Object.entries(result)
    .filter(([, value]) => value === null || typeof value !== "object")
    .map(([key, value]) => `- **${key}**: ${value === null ? "n/a" : String(value)}`);
  return lines.join("\n") || JSON.stringify(result);
}
