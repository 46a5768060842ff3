import type { SeededRun } from "./seed.js";

/** One measured tool call, and the bare SQL it is compared with. */
export interface ToolCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  /** Whether p95 ≤ 50 ms is a target for it, or it is measured for information. */
  target: boolean;
  iterations?: number;
  /** Its heaviest query alone; none for compliance, whose one query is the whole of it. */
  sql: { label: string; text: string; params: unknown[] } | null;
}

// The heaviest query of the overview and the daily curve, as the toolbox sends it: a row per
// whole day of the run from run_days.
const wholeDays = `
  SELECT day_end, fills_at_day_end, fill_count, net_notional, realized_pnl, fees, closing_count, win_count, win_total,
         loss_count, loss_total, holdings, closing_marks
    FROM run_days WHERE run_id = $1 AND day_end <= $2 ORDER BY day_end`;

const tradePage = (where: string, order: string) => `
  SELECT id, executed_at, symbol, asset_type, side, order_type, quantity, price, fees, realized_pnl, closed_quantity
    FROM trades t WHERE run_id = $1 ${where} ORDER BY ${order} LIMIT 21`;

/** What the daily figures would cost summed from the fills themselves at every call (no run_days). */
export const naiveDailySums = `
  SELECT date_bin('24 hours', executed_at - interval '1 millisecond', timestamptz '2000-01-03Z') AS day, symbol,
         count(*), sum(CASE WHEN side = 'buy' THEN quantity ELSE -quantity END),
         sum(CASE WHEN side = 'buy' THEN quantity * price ELSE -quantity * price END), sum(realized_pnl), sum(fees),
         count(*) FILTER (WHERE closed_quantity > 0 AND realized_pnl > fees),
         count(*) FILTER (WHERE closed_quantity > 0 AND realized_pnl < fees)
    FROM trades WHERE run_id = $1 GROUP BY 1, 2`;

export function toolCases(seeded: SeededRun): ToolCase[] {
  const { runId } = seeded;
  const lastMidnight = new Date("2025-12-31T00:00:00Z");
  const days = { label: "run_days", text: wholeDays, params: [runId, lastMidnight] };
  return [
    { name: "get_run_overview", tool: "get_run_overview", args: {}, target: true, sql: days },
    {
      name: "list_trades, first page",
      tool: "list_trades",
      args: {},
      target: true,
      sql: { label: "page", text: tradePage("", "executed_at, id"), params: [runId] },
    },
    {
      name: "list_trades, SYM07 losers, worst first",
      tool: "list_trades",
      args: { symbol: "SYM07", outcome: "losers", sort: "realized_pnl", direction: "asc" },
      target: true,
      sql: {
        label: "page",
        text: tradePage("AND symbol = 'SYM07' AND closed_quantity > 0 AND realized_pnl < fees", "realized_pnl, id"),
        params: [runId],
      },
    },
    {
      name: "list_trades, March sells, best first",
      tool: "list_trades",
      args: { side: "sell", from: "2025-03-01", to: "2025-03-31", sort: "realized_pnl" },
      target: true,
      sql: {
        label: "page",
        text: tradePage("AND side = 'sell' AND executed_at >= '2025-03-01Z' AND executed_at < '2025-04-01Z'", "realized_pnl DESC, id DESC"),
        params: [runId],
      },
    },
    { name: "get_equity_curve, day", tool: "get_equity_curve", args: { interval: "day" }, target: true, sql: days },
    { name: "get_positions (end)", tool: "get_positions", args: {}, target: false, sql: days },
    { name: "get_symbol_breakdown", tool: "get_symbol_breakdown", args: {}, target: false, sql: days },
    { name: "check_compliance", tool: "check_compliance", args: {}, target: false, iterations: 10, sql: null },
  ];
}
