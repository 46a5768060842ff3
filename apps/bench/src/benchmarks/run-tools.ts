import { runToolbox, type Toolbox, type ToolboxFactory } from "@parley/api";
import pg from "pg";
import { withBenchDatabase } from "../bench-database.js";
import type { Benchmark } from "../benchmark.js";
import { measure } from "../measure.js";
import { naiveDailySums, toolCases, type ToolCase } from "../run-tools/cases.js";
import { seedRunWithTrades, SYMBOLS, TRADES, type SeededRun } from "../run-tools/seed.js";
import { formatTable, ms, ratio, type Summary } from "../stats.js";

const TARGET_P95_MS = 50;
const runs = { warmup: 20, iterations: 200 };

/** The toolbox exactly as a reply in the run's conversation gets it. */
function toolboxFor(factory: ToolboxFactory, seeded: SeededRun): Toolbox {
  const toolbox = factory({
    sessionId: 0,
    userId: seeded.userId,
    model: null,
    versions: null,
    run: {
      id: seeded.runId,
      status: "completed",
      startedAt: new Date(),
      endedAt: null,
      startingCapital: 0,
      fills: 0,
      symbols: 0,
      realizedPnl: 0,
      fees: 0,
      figures: null,
      toldBefore: null,
    },
    summary: null,
    history: [],
  });
  if (!toolbox) throw new Error("a run conversation always has a toolbox");
  return toolbox;
}

interface CaseResult {
  benchCase: ToolCase;
  tool: Summary;
  sql: Summary | null;
}

async function measureCase(benchCase: ToolCase, toolbox: Toolbox, bare: pg.Client): Promise<CaseResult> {
  const options = {
    warmup: Math.min(runs.warmup, benchCase.iterations ?? runs.warmup),
    iterations: benchCase.iterations ?? runs.iterations,
  };
  const call = { id: "bench", name: benchCase.tool, arguments: JSON.stringify(benchCase.args) };
  const outcome = await toolbox.execute(call);
  if (!outcome.ok) throw new Error(`${benchCase.name} failed: ${outcome.result}`);
  const { sql } = benchCase;
  return {
    benchCase,
    tool: await measure(() => toolbox.execute(call), options),
    sql: sql && (await measure(() => bare.query(sql.text, sql.params), options)),
  };
}

function report(results: CaseResult[], naive: Summary): boolean {
  const header = ["case", "tool p50", "p95", "p99", "SQL", "SQL p50", "p95", "×SQL p95", `p95 ≤ ${TARGET_P95_MS} ms`];
  const rows = results.map(({ benchCase, tool, sql }) => [
    benchCase.name,
    ...[tool.p50, tool.p95, tool.p99].map(ms),
    benchCase.sql?.label ?? "",
    ...(sql ? [ms(sql.p50), ms(sql.p95), ratio(tool.p95, sql.p95)] : ["", "", ""]),
    benchCase.target ? (tool.p95 <= TARGET_P95_MS ? "PASS" : "FAIL") : "(info)",
  ]);
  rows.push(["baseline: the day figures summed from the fills", "", "", "", "naive", ms(naive.p50), ms(naive.p95), "", ""]);
  console.log(formatTable(header, rows));
  console.log(`\nms; ${runs.iterations} calls each (compliance 10) after warm-up. tool = toolbox.execute as a reply runs it`);
  console.log("(arguments, transaction as parley_app with RLS, run check, queries, JS pass, JSON). SQL = the call's heaviest");
  console.log("query alone, bare, as the owner, same database. naive = what run_days saves: the per-day sums straight");
  console.log(`from the ${TRADES.toLocaleString("en")} fills, at every call.`);
  return results.every((result) => !result.benchCase.target || result.tool.p95 <= TARGET_P95_MS);
}

export const benchmark: Benchmark = {
  name: `Run tools: a run of ${TRADES.toLocaleString("en")} trades over ${SYMBOLS.length} symbols and a year, daily marks`,
  async run() {
    return withBenchDatabase(async (database, bare) => {
      const started = Date.now();
      const seeded = await seedRunWithTrades(database);
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${database.name})\n`);
      const toolbox = toolboxFor(runToolbox(database.prisma), seeded);
      const results: CaseResult[] = [];
      for (const benchCase of toolCases(seeded)) results.push(await measureCase(benchCase, toolbox, bare));
      const naive = await measure(() => bare.query(naiveDailySums, [seeded.runId]), { warmup: 3, iterations: 30 });
      return { passed: report(results, naive) };
    });
  },
};
