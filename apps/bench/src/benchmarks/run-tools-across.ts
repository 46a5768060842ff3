import { boundModelToolbox, silentLogger } from "@parley/api";
import { withBenchDatabase } from "../bench-database.js";
import type { Benchmark } from "../benchmark.js";
import { measure } from "../measure.js";
import { manyRunsScale, seedModelWithRuns } from "../run-tools/seed-many-runs.js";
import { formatTable, ms, ratio, type Summary } from "../stats.js";

const TARGET_P95_MS = 500;
// `pnpm bench run-tools-across 50x1000`: another scale (the default is 500x10000).
const scale = manyRunsScale(process.argv[3]);
const runs = { warmup: 5, iterations: 100 };

// The run_days sums alone, bare, as the owner: what list_runs adds to is everything else
// (RLS transaction, the symbol sets, ranking, JSON).
const bareDaySums = `
  SELECT r.id, sum(d.fill_count), sum(d.realized_pnl), sum(d.fees), sum(d.closing_count), sum(d.win_count),
         sum(d.win_total), sum(d.loss_count), sum(d.loss_total)
    FROM trading_runs r LEFT JOIN run_days d ON d.run_id = r.id
   WHERE r.model_id = $1 GROUP BY r.id`;

// What run_days saves: the same totals summed from every fill of every run, at every call.
const naiveFromFills = `
  SELECT run_id, count(*), sum(realized_pnl), sum(fees), count(*) FILTER (WHERE closed_quantity > 0),
         count(*) FILTER (WHERE closed_quantity > 0 AND realized_pnl > fees)
    FROM trades WHERE run_id IN (SELECT id FROM trading_runs WHERE model_id = $1) GROUP BY run_id`;

export const benchmark: Benchmark = {
  name: `Tools across runs: one model with ${scale.runs} runs of ${scale.fillsPerRun.toLocaleString("en")} fills`,
  async run() {
    return withBenchDatabase(async (database, bare) => {
      const started = Date.now();
      const seeded = await seedModelWithRuns(database, scale, (done) => {
        if (done % 50 === 0) console.log(`  seeded ${done} runs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      });
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${database.name})\n`);
      // The toolbox exactly as a reply in the model's conversation gets it, bound to model and owner.
      const toolbox = boundModelToolbox(database.prisma, { modelId: seeded.modelId, userId: seeded.userId }, silentLogger);
      const [first, second, third, fourth] = seeded.runIds.slice(-4);
      const cases = [
        { name: "list_runs (net realized P&L)", tool: "list_runs", args: {} },
        { name: "list_runs (win rate, 100 rows)", tool: "list_runs", args: { rankBy: "winRate", limit: 100 } },
        { name: "compare_runs (two latest)", tool: "compare_runs", args: {} },
        { name: "compare_runs (four)", tool: "compare_runs", args: { runIds: [first, second, third, fourth] } },
      ];
      const results: Array<{ name: string; summary: Summary }> = [];
      for (const { name, tool, args } of cases) {
        const call = { id: "bench", name: tool, arguments: JSON.stringify(args) };
        const outcome = await toolbox.execute(call);
        if (!outcome.ok) throw new Error(`${name} failed: ${outcome.result}`);
        results.push({ name, summary: await measure(() => toolbox.execute(call), runs) });
      }
      const sums = await measure(() => bare.query(bareDaySums, [seeded.modelId]), runs);
      const naive = await measure(() => bare.query(naiveFromFills, [seeded.modelId]), { warmup: 1, iterations: 5 });

      const header = ["case", "p50", "p95", "p99", "×bare sums p95", `p95 ≤ ${TARGET_P95_MS} ms`];
      const rows = results.map(({ name, summary }) => [
        name,
        ...[summary.p50, summary.p95, summary.p99].map(ms),
        ratio(summary.p95, sums.p95),
        summary.p95 <= TARGET_P95_MS ? "PASS" : "FAIL",
      ]);
      rows.push(["baseline: run_days sums, bare SQL", ms(sums.p50), ms(sums.p95), ms(sums.p99), "1.0×", ""]);
      rows.push(["baseline: the same sums from the fills", ms(naive.p50), ms(naive.p95), ms(naive.p99), ratio(naive.p95, sums.p95), ""]);
      console.log(formatTable(header, rows));
      console.log(`\nms; ${runs.iterations} calls each after warm-up (the fills baseline 5). A call = toolbox.execute as a reply`);
      console.log("runs it: arguments, transactions as parley_app with RLS, queries, JS, JSON. compare_runs adds");
      console.log("get_run_overview's own figures for each run. Scale: pnpm bench run-tools-across RUNSxFILLS (default 500x10000).");
      return { passed: results.every(({ summary }) => summary.p95 <= TARGET_P95_MS) };
    });
  },
};
