import { retryWhileBusy } from "@parley/client";
import { createModel, createRun, createTestDatabase, createUser } from "@parley/db/testing";
import pg from "pg";
import type { Benchmark } from "../benchmark.js";
import { bareInsert } from "../ingest/bare-insert.js";
import { producerWithKey } from "../ingest/producer.js";
import { startServerProcess } from "../ingest/server-process.js";
import { fillBatch, INGEST_START } from "../ingest/generate-fills.js";
import { watchRss } from "../ingest/rss-watch.js";
import { measure } from "../measure.js";
import { toolCases } from "../run-tools/cases.js";
import { runToolbox } from "@parley/api";
import { formatTable, ms } from "../stats.js";

// `pnpm bench ingest [FILLS]`: FILLS (default 1,000,000) through runs.appendFills with an API
// key over HTTP in batches of 5,000, against a bare INSERT of the same rows into the same table.
// The server runs in a process of its own, as deployed, so its memory is its own.
const FILLS = Number(process.argv[3] ?? 1_000_000);
const BATCH = 5_000;
const BATCHES = Math.ceil(FILLS / BATCH);
const TARGET_RATIO = 0.5;
const TARGET_RSS_GROWTH_MB = 200;
const TOOL_TARGET_P95_MS = 50;

/** Sends of appendFills, retries included: a producer retries SERVER_BUSY with the client's own retryWhileBusy. */
let sends = 0;

/**
 * The two ways batch by batch in turn, each timed on its own: both write into a table of the
 * same size at every moment (run one after the other, the second paid for the first's million
 * rows in every index) and both meet the same load on a shared machine.
 */
async function timeInTurn(ways: { bare: (index: number) => Promise<unknown>; api: (index: number) => Promise<unknown> }) {
  const spent = { bare: 0, api: 0 };
  for (let index = 0; index < BATCHES; index++) {
    for (const way of ["bare", "api"] as const) {
      const started = performance.now();
      await ways[way](index);
      spent[way] += performance.now() - started;
    }
  }
  const result = (ms: number) => ({ seconds: ms / 1000, perSecond: FILLS / (ms / 1000) });
  return { baseline: result(spent.bare), api: result(spent.api) };
}

export const benchmark: Benchmark = {
  name: `Ingest: ${FILLS.toLocaleString("en")} fills in batches of ${BATCH.toLocaleString("en")}, runs.appendFills vs a bare INSERT`,
  async run() {
    const database = await createTestDatabase();
    const bare = new pg.Client({ connectionString: database.url });
    await bare.connect();
    const server = await startServerProcess(database.url);
    try {
      const owner = await createUser(database.prisma);
      const bareRun = await createRun(database.prisma, await createModel(database.prisma, owner.id), {
        status: "running",
        startedAt: INGEST_START,
        endedAt: null,
      });
      const { userId, modelId, keyed } = await producerWithKey(server.url);
      const run = await keyed.api.runs.create.mutate({
        modelId,
        kind: "live",
        startingCapital: 1_000_000,
        period: { start: INGEST_START.toISOString() },
      });
      const rss = await watchRss(await server.child.call("pid"));
      const batch = (index: number) => fillBatch(index, Math.min(BATCH, FILLS - index * BATCH));
      const { baseline, api } = await timeInTurn({
        bare: (index) => bareInsert(bare, bareRun.id, batch(index)),
        api: (index) =>
          retryWhileBusy(() => {
            sends++;
            return keyed.api.runs.appendFills.mutate({ runId: run.id, fills: batch(index) });
          }),
      });
      const memory = await rss.stop();
      await keyed.close();
      const stored = await database.prisma.trade.count({ where: { runId: run.id } });
      if (stored !== FILLS) throw new Error(`${stored} fills stored, ${FILLS} sent`);

      await database.sql.exec("VACUUM ANALYZE trades, run_days");
      const toolbox = runToolbox(database.prisma)({
        sessionId: 0,
        userId,
        model: null,
        versions: null,
        summary: null,
        history: [],
        run: {
          id: run.id,
          status: "running",
          startedAt: INGEST_START,
          endedAt: null,
          startingCapital: 0,
          fills: 0,
          symbols: 0,
          realizedPnl: 0,
          fees: 0,
          figures: null,
          toldBefore: null,
        },
      });
      if (!toolbox) throw new Error("a run conversation always has a toolbox");
      const tools = [];
      for (const benchCase of toolCases({ userId, runId: run.id }).filter((item) => item.target)) {
        const call = { id: "bench", name: benchCase.tool, arguments: JSON.stringify(benchCase.args) };
        tools.push({ name: benchCase.name, summary: await measure(() => toolbox.execute(call), { warmup: 10, iterations: 100 }) });
      }

      const ratio = api.perSecond / baseline.perSecond;
      const rows = [
        ["bare INSERT (baseline)", Math.round(baseline.perSecond).toLocaleString("en"), baseline.seconds.toFixed(1), "1.00×", "", ""],
        [
          "runs.appendFills via @parley/client",
          Math.round(api.perSecond).toLocaleString("en"),
          api.seconds.toFixed(1),
          `${ratio.toFixed(2)}×`,
          `≥ ${TARGET_RATIO}×`,
          ratio >= TARGET_RATIO ? "PASS" : "FAIL",
        ],
      ];
      console.log(formatTable(["way", "fills/s", "seconds", "× bare", "target", ""], rows));
      const retries = sends - BATCHES;
      if (retries) console.log(`\n${retries} sends answered SERVER_BUSY or lost the connection and were retried (counted in the time)`);
      const rssPass = memory.growthMb <= TARGET_RSS_GROWTH_MB;
      console.log(
        `\nServer RSS (its own process): ${memory.startMb.toFixed(0)} MB before, peak ${memory.peakMb.toFixed(0)} MB, growth ${memory.growthMb.toFixed(0)} MB (target ≤ ${TARGET_RSS_GROWTH_MB} MB): ${rssPass ? "PASS" : "FAIL"}`,
      );
      console.log(`\nRun tools on the ingested run (${stored.toLocaleString("en")} fills), 100 calls each:`);
      const toolRows = tools.map(({ name, summary }) => [
        name,
        ms(summary.p50),
        ms(summary.p95),
        summary.p95 <= TOOL_TARGET_P95_MS ? "PASS" : "FAIL",
      ]);
      console.log(formatTable(["case", "p50 ms", "p95 ms", `p95 ≤ ${TOOL_TARGET_P95_MS} ms`], toolRows));
      const toolsPass = tools.every(({ summary }) => summary.p95 <= TOOL_TARGET_P95_MS);
      return { passed: ratio >= TARGET_RATIO && rssPass && toolsPass };
    } finally {
      await server.child.stop();
      await bare.end();
      await database.drop();
    }
  },
};
