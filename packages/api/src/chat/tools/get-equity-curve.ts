import { floorToInterval, type Interval } from "@parley/trading";
import { z } from "zod";
import type { BoundRun } from "./bound-run.js";
import { visitAccountStates } from "./load-states.js";
import { money, time } from "./output.js";
import { endOf, startOf, timeArgument } from "./time-arguments.js";
import { defineTool, ToolInputError } from "./tool.js";
import { accountFigures } from "./valuation.js";

/** A few thousand tokens at most: enough for a year of days. */
export const MAX_CURVE_POINTS = 400;
const STEP_MS: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

export const getEquityCurve = defineTool({
  name: "get_equity_curve",
  description:
    "Equity and P&L of this run over time: a point at the start of the range, at every UTC hour, day or week boundary " +
    `inside it, and at its end (at most ${MAX_CURVE_POINTS} points). Each row: time, equity, total P&L since the start ` +
    "of the run, realized P&L (before fees), unrealized P&L, cumulative fees.",
  input: z.strictObject({
    interval: z.enum(["hour", "day", "week"]).optional().describe("Default: day, or week when days would be too many."),
    from: timeArgument("Start of the range (default: the run's start).").optional(),
    to: timeArgument("End of the range; a date means the end of that day (default: the run's end).").optional(),
  }),
  async run(read, run, input) {
    const { from, to } = rangeWithin(run, input.from, input.to);
    const interval = input.interval ?? (pointCount(from, to, "day") <= MAX_CURVE_POINTS ? "day" : "week");
    const count = pointCount(from, to, interval);
    if (count > MAX_CURVE_POINTS) {
      throw new ToolInputError(
        `${interval === "hour" ? "An" : "A"} ${interval} curve from ${time(from)} to ${time(to)} has ${count} points, ` +
          `more than ${MAX_CURVE_POINTS}: ` +
          "use a longer interval or a shorter range (from/to).",
      );
    }
    const points = await visitAccountStates(read, run.id, { from, to, interval }, (state) => {
      const value = accountFigures(state, run.startingCapital);
      const row = [value.equity, value.equity - run.startingCapital, value.realizedPnl, value.unrealizedPnl, value.fees];
      return [time(state.at), ...row.map(money)];
    });
    return {
      interval,
      from: time(from),
      to: time(to),
      columns: ["at", "equity", "totalPnl", "realizedPnl", "unrealizedPnl", "fees"],
      points,
    };
  },
});

function rangeWithin(run: BoundRun, from: string | undefined, to: string | undefined) {
  const start = from === undefined ? run.startedAt : new Date(Math.max(startOf(from).getTime(), run.startedAt.getTime()));
  const end = to === undefined ? run.asOf : new Date(Math.min(endOf(to).getTime(), run.asOf.getTime()));
  if (end.getTime() < start.getTime()) {
    throw new ToolInputError(`The range is empty within the run (${time(run.startedAt)} to ${time(run.asOf)})`);
  }
  return { from: start, to: end };
}

/** As intervalGrid draws them, without drawing them: the start, the boundaries strictly inside, the end. */
function pointCount(from: Date, to: Date, interval: Interval): number {
  if (to.getTime() === from.getTime()) return 1;
  const firstBoundary = floorToInterval(from, interval).getTime() + STEP_MS[interval];
  return 2 + Math.max(0, Math.ceil((to.getTime() - firstBoundary) / STEP_MS[interval]));
}
