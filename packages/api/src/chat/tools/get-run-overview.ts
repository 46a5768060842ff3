import { z } from "zod";
import { visitAccountStates } from "./load-states.js";
import { dailyPoint, overviewFigures } from "./overview-figures.js";
import { defineTool } from "./tool.js";

export const getRunOverview = defineTool({
  name: "get_run_overview",
  description:
    "Headline figures of this conversation's trading run: status and dates, starting and ending equity, total, realized " +
    "and unrealized P&L, fees, number of fills, win rate, average win and loss, profit factor, maximum drawdown (amount " +
    "and fraction), Sharpe ratio on daily returns, exposure, and the largest open positions. Call it first for any " +
    "question about how the run did.",
  input: z.strictObject({}),
  async run(read, run) {
    const grid = { from: run.startedAt, to: run.asOf, interval: "day" as const };
    const isLast = (at: Date) => at.getTime() === run.asOf.getTime();
    const points = await visitAccountStates(read, run.id, grid, (state) => dailyPoint(state, run.startingCapital, isLast(state.at)));
    return overviewFigures(run, points);
  },
});
