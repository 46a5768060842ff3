import { z } from "zod";
import type { BoundRun } from "./bound-run.js";
import { visitAccountState } from "./load-states.js";
import { money, price, quantity, time } from "./output.js";
import { endOf, timeArgument } from "./time-arguments.js";
import { defineTool } from "./tool.js";
import { valueAccount } from "./valuation.js";

const MAX_POSITIONS = 100;

export const getPositions = defineTool({
  name: "get_positions",
  description:
    "The positions open at a moment of this run (default: its end), each with signed quantity (negative = short), " +
    "average entry price, the price it is valued at (latest mark at or before that moment, else the last fill), market " +
    "value and unrealized P&L, plus totals.",
  input: z.strictObject({
    at: timeArgument("When to look; a date means the end of that day. Default and latest: the end of the run.").optional(),
  }),
  async run(read, run, input) {
    const at = momentWithin(run, input.at);
    const valuation = await visitAccountState(read, run.id, at, (state) => valueAccount(state, run.startingCapital));
    const { positions } = valuation;
    return {
      at: time(at),
      positionCount: positions.length,
      positions: positions.slice(0, MAX_POSITIONS).map((position) => ({
        symbol: position.symbol,
        quantity: quantity(position.quantity),
        averagePrice: price(position.averagePrice),
        markPrice: price(position.markPrice),
        priceSource: position.priceSource,
        marketValue: money(position.marketValue),
        unrealizedPnl: money(position.unrealizedPnl),
      })),
      truncated: positions.length > MAX_POSITIONS,
      totals: {
        marketValue: money(valuation.marketValue),
        grossMarketValue: money(positions.reduce((sum, position) => sum + Math.abs(position.marketValue), 0)),
        unrealizedPnl: money(valuation.unrealizedPnl),
        equity: money(valuation.equity),
        cash: money(valuation.cash),
      },
    };
  },
});

/** A moment no later than the run's end: nothing after it belongs to the run. */
function momentWithin(run: BoundRun, at: string | undefined): Date {
  if (at === undefined) return run.asOf;
  const moment = endOf(at);
  return moment.getTime() > run.asOf.getTime() ? run.asOf : moment;
}
