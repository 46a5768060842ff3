import { z } from "zod";
import { defineModelTool } from "./model-tool.js";
import { queryRunFigures, withSymbols, type RunFigures } from "./run-totals.js";

const RANKABLE = ["netRealizedPnl", "netReturn", "realizedPnl", "fees", "fillCount", "winRate", "profitFactor", "startedAt"] as const;
type Rankable = (typeof RANKABLE)[number];

export const listRuns = defineModelTool({
  name: "list_runs",
  description:
    "All runs of this trading model, ranked by a headline figure: realized P&L before and after fees, net return on " +
    "the starting capital, fees, fills, win rate, profit factor (all summed from the runs' fills), or start time. Each " +
    "row: run id, label, kind, status, period, capital, configuration version, symbols and those figures.",
  input: z.strictObject({
    rankBy: z.enum(RANKABLE).optional().describe("Default: netRealizedPnl."),
    direction: z.enum(["desc", "asc"]).optional().describe("Default: desc (best first)."),
    limit: z.number().int().min(1).max(100).optional().describe("Default: 20."),
  }),
  async run(read, scope, input) {
    const rankBy = input.rankBy ?? "netRealizedPnl";
    const direction = input.direction ?? "desc";
    const limit = input.limit ?? 20;
    return read(async (tx) => {
      const runs = await queryRunFigures(tx, scope);
      const shown = runs.sort((a, b) => compareBy(a, b, rankBy, direction)).slice(0, limit);
      return { rankBy, direction, runCount: runs.length, runs: await withSymbols(tx, shown), truncated: runs.length > limit };
    });
  },
});

/** Runs without the figure (no closing fill, no loss) rank last either way; ties by run id. */
function compareBy(a: RunFigures, b: RunFigures, key: Rankable, direction: "asc" | "desc"): number {
  const [x, y] = [a[key], b[key]];
  if (x === null || y === null) return x === y ? a.runId - b.runId : x === null ? 1 : -1;
  const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
  return (direction === "asc" ? order : -order) || a.runId - b.runId;
}
