import { createApiClient } from "@parley/client";
import { createTestDatabase } from "@parley/db/testing";
import pg from "pg";
import WebSocket from "ws";
import type { Benchmark } from "../benchmark.js";
import { bareInsert } from "../ingest/bare-insert.js";
import { fillBatch, INGEST_START } from "../ingest/generate-fills.js";
import { producerWithKey } from "../ingest/producer.js";
import { startServerProcess } from "../ingest/server-process.js";
import { measure } from "../measure.js";
import { formatTable, ms, summarize } from "../stats.js";

// `pnpm bench live-run [SECONDS] [BATCH]`: a producer pushes 1,000 fills/s (by default a batch
// of 100 every 100 ms) into a run that already holds 200,000 fills (~170,000 a day), for SECONDS
// (default 60), while a watcher on its own WebSocket is subscribed to runs.watch. For each batch:
// how long from sending it until the watcher holds figures that count it. The server runs in a
// process of its own.
const SECONDS = Number(process.argv[3] ?? 60);
const FILLS_PER_SECOND = 1_000;
const BATCH = Number(process.argv[4] ?? 100);
const PRELOADED = 200_000;
const TARGET_P95_MS = 1_000;
/** A batch whose figures never come counts as this late, rather than hanging the benchmark. */
const GIVE_UP_MS = 30_000;

/** Fills already in the run, in batches of the bare INSERT (the run_days triggers included). */
async function preload(databaseUrl: string, runId: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let index = 0; index < PRELOADED / 5_000; index++) await bareInsert(client, runId, fillBatch(index, 5_000));
  } finally {
    await client.end();
  }
}

/** Resolves with the time figures counting at least `fills` fills arrive (or already had). */
function figuresWatcher() {
  let latest = { fills: -1, at: 0 };
  const waiting = new Set<{ fills: number; resolve: (at: number) => void }>();
  return {
    onFigures(fills: number) {
      latest = { fills, at: performance.now() };
      for (const waiter of waiting) {
        if (fills < waiter.fills) continue;
        waiting.delete(waiter);
        waiter.resolve(latest.at);
      }
    },
    seen(fills: number): Promise<number> {
      if (latest.fills >= fills) return Promise.resolve(latest.at);
      return new Promise((resolve) => waiting.add({ fills, resolve }));
    },
  };
}

export const benchmark: Benchmark = {
  name: `Live run: ${FILLS_PER_SECOND.toLocaleString("en")} fills/s for ${SECONDS} s into a run of ${PRELOADED.toLocaleString("en")}, runs.watch latency per batch`,
  async run() {
    if (!Number.isInteger(BATCH) || BATCH < 1 || BATCH > 10_000 || PRELOADED % BATCH !== 0) {
      throw new Error(
        `BATCH must be a whole number of fills from 1 to 10,000 dividing ${PRELOADED.toLocaleString("en")}, got ${process.argv[4]}`,
      );
    }
    const database = await createTestDatabase();
    const server = await startServerProcess(database.url);
    const { modelId, secret, keyed } = await producerWithKey(server.url);
    const viewer = createApiClient({ url: server.url, apiKey: secret, WebSocket, batch: false });
    try {
      const run = await keyed.api.runs.create.mutate({
        modelId,
        kind: "live",
        startingCapital: 1_000_000,
        period: { start: INGEST_START.toISOString() },
      });
      await preload(database.url, run.id);
      await database.sql.exec("VACUUM ANALYZE trades, run_days");

      // Baseline: a query's round trip on the viewer's own socket, the floor of any push.
      const roundTrip = await measure(() => viewer.api.runs.get.query({ modelId, runId: run.id }), { warmup: 20, iterations: 200 });

      const watcher = figuresWatcher();
      const subscription = viewer.api.runs.watch.subscribe({ runId: run.id }, { onData: (figures) => watcher.onFigures(figures.fills) });
      await watcher.seen(PRELOADED);

      const batches = Math.floor((SECONDS * FILLS_PER_SECOND) / BATCH);
      const everyMs = (BATCH / FILLS_PER_SECOND) * 1_000;
      const latencies: Array<Promise<number>> = [];
      const started = performance.now();
      for (let batch = 0; batch < batches; batch++) {
        const due = started + batch * everyMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sentAt = performance.now();
        const counted = watcher.seen(PRELOADED + (batch + 1) * BATCH);
        await keyed.api.runs.appendFills.mutate({ runId: run.id, fills: fillBatch(PRELOADED / BATCH + batch, BATCH) });
        const givenUp = new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), GIVE_UP_MS).unref());
        latencies.push(Promise.race([counted.then((at) => at - sentAt), givenUp]));
      }
      const sendSeconds = (performance.now() - started) / 1_000;
      const watched = summarize(await Promise.all(latencies));
      subscription.unsubscribe();

      const rate = (batches * BATCH) / sendSeconds;
      const passed = watched.p95 <= TARGET_P95_MS;
      console.log(
        formatTable(
          ["measure", "p50 ms", "p95 ms", "p99 ms", "target", ""],
          [
            ["runs.get round trip on the viewer's socket (baseline)", ms(roundTrip.p50), ms(roundTrip.p95), ms(roundTrip.p99), "", ""],
            [
              "batch sent → its figures at the watcher",
              ms(watched.p50),
              ms(watched.p95),
              ms(watched.p99),
              `p95 ≤ ${TARGET_P95_MS} ms`,
              passed ? "PASS" : "FAIL",
            ],
          ],
        ),
      );
      console.log(
        `\n${watched.samples} batches of ${BATCH} in ${sendSeconds.toFixed(1)} s: ${Math.round(rate).toLocaleString("en")} fills/s sent (asked ${FILLS_PER_SECOND.toLocaleString("en")})`,
      );
      // A producer that cannot keep the pace would make the latency look better than it is.
      const paced = rate >= FILLS_PER_SECOND * 0.95;
      if (!paced) console.log("the producer fell behind the asked rate: FAIL");
      return { passed: passed && paced };
    } finally {
      await viewer.close();
      await keyed.close();
      await server.child.stop();
      await database.drop();
    }
  },
};
