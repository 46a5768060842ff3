import type pg from "pg";
import { withBenchDatabase } from "../bench-database.js";
import type { Benchmark } from "../benchmark.js";
import { startServer, type Caller } from "../conversation-api/server.js";
import { measure } from "../measure.js";
import { seedRunWithTrades } from "../run-tools/seed.js";
import { formatTable, ms, ratio, type Summary } from "../stats.js";

const TRADES = 1_000_000;
const PAGE = 10;
// Nine tenths of the way into the run: as deep as a finding or a Previous click gets.
const DEEP = 900_000;
// A page read on or the first; a page found by number or by trade in time order (the day totals
// of run_days skip to it). Deep in realized P&L order is measured for information: under RLS a
// numeric comparison cannot bound the index scan, so it grows with the depth (ARCHITECTURE.md).
const TARGET_P95_MS = { read: 50, jump: 100 };
const runs = { warmup: 10, iterations: 100 };

type Input = Parameters<Caller["runs"]["trades"]>[0];

interface TradesCase {
  name: string;
  input: Input;
  kind: keyof typeof TARGET_P95_MS | "info";
}

/** The trade at a position in an order, and the cursor a reader paging from the start would hold there. */
async function deepInputs(caller: Caller, bare: pg.Client, runId: number) {
  const sorted = async (order: string) => {
    const found = await bare.query<{ id: number }>(`SELECT id FROM trades WHERE run_id = $1 ORDER BY ${order} OFFSET $2 LIMIT 1`, [
      runId,
      DEEP,
    ]);
    const id = found.rows[0]?.id;
    if (id === undefined) throw new Error("the seeded run is smaller than expected");
    return id;
  };
  const byNumber = await caller.runs.trades({ runId, limit: PAGE, page: DEEP / PAGE - 1 });
  if (!byNumber.nextCursor) throw new Error("no page after the deep one");
  return {
    deepCursor: byNumber.nextCursor,
    deepByTime: await sorted("executed_at, id"),
    deepByPnl: await sorted("realized_pnl DESC, id DESC"),
  };
}

function cases(runId: number, deep: Awaited<ReturnType<typeof deepInputs>>): TradesCase[] {
  const page = DEEP / PAGE;
  return [
    { name: "first page", input: { runId, limit: PAGE }, kind: "read" },
    { name: `Next at page ${page.toLocaleString("en")} (cursor)`, input: { runId, limit: PAGE, cursor: deep.deepCursor }, kind: "read" },
    { name: `page ${page.toLocaleString("en")} by number, time`, input: { runId, limit: PAGE, page }, kind: "jump" },
    {
      name: `page ${page.toLocaleString("en")} by number, P&L`,
      input: { runId, limit: PAGE, page, sort: "realized_pnl" },
      kind: "info",
    },
    { name: "the page holding a deep trade, time", input: { runId, limit: PAGE, at: deep.deepByTime }, kind: "jump" },
    {
      name: "the page holding a deep trade, P&L",
      input: { runId, limit: PAGE, at: deep.deepByPnl, sort: "realized_pnl" },
      kind: "info",
    },
  ];
}

const barePage = `
  SELECT id, executed_at, symbol, side, quantity, price, fees, realized_pnl
    FROM trades WHERE run_id = $1 ORDER BY executed_at, id LIMIT ${PAGE + 1}`;

const met = ({ benchCase, call }: { benchCase: TradesCase; call: Summary }) =>
  benchCase.kind === "info" || call.p95 <= TARGET_P95_MS[benchCase.kind];

function report(results: Array<{ benchCase: TradesCase; call: Summary }>, baseline: Summary): boolean {
  const header = ["case", "p50", "p95", "p99", "×bare p95", "target"];
  const rows = results.map((result) => {
    const { benchCase, call } = result;
    const target = benchCase.kind === "info" ? "(info)" : `${met(result) ? "PASS ≤" : "FAIL >"} ${TARGET_P95_MS[benchCase.kind]}`;
    return [benchCase.name, ...[call.p50, call.p95, call.p99].map(ms), ratio(call.p95, baseline.p95), target];
  });
  rows.push(["baseline: the first page, bare SQL", ms(baseline.p50), ms(baseline.p95), ms(baseline.p99), "1.0×", ""]);
  console.log(formatTable(header, rows));
  console.log(`\nms; ${runs.iterations} calls each after ${runs.warmup} of warm-up, runs.trades through the in-process caller`);
  console.log("(zod input, transactions as parley_app with RLS, the run check, the run's total from run_days, the page).");
  console.log("bare = one page's index range scan as the owner, no transaction: the floor every page stands on.");
  return results.every(met);
}

export const benchmark: Benchmark = {
  name: `runs.trades: the details panel paging a run of ${TRADES.toLocaleString("en")} trades, ${PAGE} a page`,
  async run() {
    return withBenchDatabase(async (database, bare) => {
      const started = Date.now();
      const seeded = await seedRunWithTrades(database, TRADES);
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${database.name})\n`);
      const server = await startServer(database);
      try {
        const { caller } = await server.clientsFor(seeded.userId);
        const deep = await deepInputs(caller, bare, seeded.runId);
        const results = [];
        for (const benchCase of cases(seeded.runId, deep)) {
          results.push({ benchCase, call: await measure(() => caller.runs.trades(benchCase.input), runs) });
        }
        const baseline = await measure(() => bare.query(barePage, [seeded.runId]), runs);
        return { passed: report(results, baseline) };
      } finally {
        await server.stop();
      }
    });
  },
};
