import { cpus, loadavg } from "node:os";
import type { Benchmark } from "../benchmark.js";
import { startBare, startParley, type PacedDeployment } from "../paced/deployments.js";
import { startBenchCluster, startBenchRedis } from "../paced/redis-servers.js";
import { printRedis, printRelay } from "../paced/report.js";
import { openContender, runPaced, type PacedContender, type PacedResult } from "../paced/run.js";
import { checkPaced, printPacedTargets } from "../paced/targets.js";
import type { PacedUpstreamApi } from "../paced/upstream-api.js";
import { startChild } from "../streaming/child-process.js";
import { progress } from "../streaming/levels.js";

const TOKENS_PER_SECOND = 40;
/** N, and tokens per reply: 400 (10 s), but the N = 2,000 level short, on a shared machine. */
const LEVELS = [
  { streams: 200, tokens: 400 },
  { streams: 1_000, tokens: 400 },
  { streams: 2_000, tokens: 120 },
];
const TARGET_LEVEL = 1_000;
/** `pnpm bench paced 200,1000:100` runs those levels instead (N, or N:tokens per reply). */
const chosen = (process.argv[3] ?? "")
  .split(",")
  .filter(Boolean)
  .map((level) => {
    const [streams = 0, tokens] = level.split(":").map(Number);
    return { streams, tokens: tokens ?? LEVELS.find((known) => known.streams === streams)?.tokens ?? 400 };
  });
const levels = chosen.length ? chosen : LEVELS;
const REDIS_PORT = 7811;

async function runLevels(contenders: PacedContender[], upstream: Awaited<ReturnType<typeof startChild<PacedUpstreamApi>>>["child"]) {
  const { offsetMs } = await upstream.checkClock();
  const results: PacedResult[] = [];
  for (const level of levels) {
    for (const [index, contender] of contenders.entries()) {
      const started = performance.now();
      const plan = {
        tag: `${contender.deployment.id}${level.streams}`,
        streams: level.streams,
        tokens: level.tokens,
        tokensPerSecond: TOKENS_PER_SECOND,
      };
      const result = await runPaced(contender, upstream, plan, offsetMs);
      results.push(result);
      progress(`${index + 1}/${contenders.length} ${result.label} ×${level.streams}`, started, result.errors.length);
      for (const error of new Set(result.errors.slice(0, 50))) process.stderr.write(`    ${error}\n`);
    }
  }
  return results;
}

export const benchmark: Benchmark = {
  name: `Paced: ${levels.map((l) => l.streams.toLocaleString("en")).join(", ")} replies at ${TOKENS_PER_SECOND} tokens/s ± 50 %, bare ws relay, Parley in-process, over one Redis (batched and per event) and over a 3-master Redis Cluster`,
  async run() {
    const loadBefore = loadavg()[0] ?? 0;
    const upstream = await startChild<PacedUpstreamApi>("paced upstream", new URL("../paced/upstream-entry.ts", import.meta.url));
    const upstreamUrl = String(upstream.ready);
    const redis = await startBenchRedis(REDIS_PORT);
    const cluster = await startBenchCluster();
    const most = Math.max(...levels.map((level) => level.streams));
    const deployments: PacedDeployment[] = [];
    const contenders: PacedContender[] = [];
    try {
      deployments.push(await startBare(upstreamUrl), await startParley(upstreamUrl, most));
      deployments.push(
        await startParley(upstreamUrl, most, redis.choice("batched")),
        await startParley(upstreamUrl, most, redis.choice("per-event")),
      );
      deployments.push(await startParley(upstreamUrl, most, cluster.choice));
      for (const deployment of deployments) contenders.push(await openContender(deployment, most));
      const results = await runLevels(contenders, upstream.child);
      console.log(
        `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores shared; latencies on one clock (upstream's moved onto the clients')\n`,
      );
      printRelay(results);
      console.log();
      const perStream = (streams: number) => (levels.find((l) => l.streams === streams)?.tokens ?? 400) / TOKENS_PER_SECOND;
      for (const level of levels)
        printRedis(
          results.filter((r) => r.streams === level.streams),
          perStream(level.streams),
        );
      console.log();
      const [bare, inProcess, batched, , clustered] = deployments.map((d) => d.label);
      const labels = { bare: bare ?? "", inProcess: inProcess ?? "", batched: batched ?? "", cluster: clustered ?? "" };
      const target = levels.some((l) => l.streams === TARGET_LEVEL) ? TARGET_LEVEL : (levels[0]?.streams ?? 0);
      const checks = checkPaced(results, labels, target, perStream(target));
      printPacedTargets(checks);
      return { passed: checks.every((check) => check.passed) };
    } finally {
      for (const { connections } of contenders) await Promise.all(connections.map((connection) => connection.close()));
      for (const deployment of deployments) await deployment.stop();
      await upstream.child.stop();
      redis.stop();
      cluster.stop();
    }
  },
};
