import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "../streaming/child-process.js";
import { startReplies, timeout } from "../streaming/reply-burst.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";
import { summarize, type Summary } from "../stats.js";
import { countersUsed, type RedisCounters } from "../scale-out/redis-probe.js";
import type { PacedDeployment } from "./deployments.js";
import { createTokenLog, type TokenLog } from "./token-log.js";
import type { PacedPlan, PacedUpstreamApi } from "./upstream-api.js";

/** A deployment with its clients, whose texts go to whichever run is current. */
export interface PacedContender {
  deployment: PacedDeployment;
  connections: StreamConnection[];
  log: { current: TokenLog | null };
}

export interface PacedResult {
  label: string;
  streams: number;
  windowMs: number;
  events: number;
  tokens: number;
  lost: number;
  duplicated: number;
  errors: string[];
  delay: Summary;
  firstToken: Summary;
  /** CPU µs per relay process over the window, in the deployment's order. */
  cpuUs: Array<{ name: string; us: number }>;
  /** RSS growth per stream over the processes, bytes (mid-run against before). */
  memoryPerStream: number;
  /** Per master. */
  redis: RedisCounters[];
}

export async function openContender(deployment: PacedDeployment, count: number): Promise<PacedContender> {
  const log: PacedContender["log"] = { current: null };
  const connections: StreamConnection[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) =>
      deployment.open(start + i, (text) => log.current?.add(start + i, text)),
    );
    connections.push(...(await Promise.all(batch)));
  }
  return { deployment, connections, log };
}

const readAll = (deployment: PacedDeployment) =>
  Promise.all([Promise.all(deployment.processes.map((p) => p.cpu())), Promise.all(deployment.redis.map((probe) => probe.read()))]);
const rssSum = async (deployment: PacedDeployment) =>
  (await Promise.all(deployment.processes.map((p) => p.rss()))).reduce((a, b) => a + b, 0);

/** One run: N replies asked for, released together by the upstream, followed to their end. */
export async function runPaced(
  contender: PacedContender,
  upstream: Child<PacedUpstreamApi>,
  plan: PacedPlan,
  upstreamOffsetMs: number,
): Promise<PacedResult> {
  const { deployment } = contender;
  const log = createTokenLog(plan.streams, plan.tokens, upstreamOffsetMs);
  contender.log.current = log;
  await upstream.call("arm", plan);
  const arrived = upstream.next("arrived", (tag) => tag === plan.tag);
  const { records } = await startReplies(contender.connections.slice(0, plan.streams), plan.tag);
  const allEnded = Promise.all(records.map((record) => record.finished));
  await Promise.race([arrived, timeout(120_000)]);
  const rssBefore = await rssSum(deployment);
  const [cpuBefore, redisBefore] = await readAll(deployment);
  const startedAt = performance.now();
  await upstream.call("release", plan.tag);
  await sleep((plan.tokens / plan.tokensPerSecond) * 500);
  const rssDuring = await rssSum(deployment);
  await Promise.race([allEnded, timeout(120_000)]);
  await deployment.settled();
  const windowMs = performance.now() - startedAt;
  const [cpuAfter, redisAfter] = await readAll(deployment);
  contender.log.current = null;
  const totals = log.totals();
  return {
    label: deployment.label,
    streams: plan.streams,
    windowMs,
    events: totals.events,
    tokens: totals.received,
    lost: totals.lost,
    duplicated: totals.duplicated,
    errors: records.flatMap((record) => (record.error ? [record.error] : record.ended ? [] : ["no end"])),
    delay: summarize(totals.delays),
    firstToken: summarize(totals.firstDelays),
    cpuUs: deployment.processes.map((process, index) => ({ name: process.name, us: (cpuAfter[index] ?? 0) - (cpuBefore[index] ?? 0) })),
    memoryPerStream: (rssDuring - rssBefore) / plan.streams,
    redis: redisAfter.map((after, index) => countersUsed(redisBefore[index] ?? after, after)),
  };
}
