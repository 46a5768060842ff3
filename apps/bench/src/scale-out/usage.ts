import type { Child } from "../streaming/child-process.js";
import { cpuTotal, machineTimes } from "../streaming/cpu-snapshot.js";
import { wallNow } from "../streaming/clock.js";
import type { UpstreamApi } from "../streaming/upstream-api.js";
import type { Deployment } from "./deployments.js";
import { addCounters, countersUsed, type RedisCounters } from "./redis-probe.js";

/** CPU used so far (µs) by each process of a run, and the machine's busy and total time (ms). */
export interface Usage {
  at: number;
  /** Per Parley instance of the deployment, in its order. */
  instances: number[];
  upstream: number;
  clients: number;
  machineBusy: number;
  machineTotal: number;
  redis: RedisCounters | null;
}

export async function readUsage(deployment: Deployment, upstream: Child<UpstreamApi>): Promise<Usage> {
  const [instances, upstreamUsage, redis] = await Promise.all([
    Promise.all(deployment.instances.map(async (instance) => cpuTotal(await instance.call("cpu")))),
    upstream.call("cpu"),
    deployment.redis?.read() ?? null,
  ]);
  return { at: wallNow(), instances, upstream: cpuTotal(upstreamUsage), clients: cpuTotal(process.cpuUsage()), ...machineTimes(), redis };
}

/** What was used between two readings; `at` becomes the elapsed milliseconds. */
export function usageBetween(from: Usage, to: Usage): Usage {
  return {
    at: to.at - from.at,
    instances: to.instances.map((used, index) => used - (from.instances[index] ?? 0)),
    upstream: to.upstream - from.upstream,
    clients: to.clients - from.clients,
    machineBusy: to.machineBusy - from.machineBusy,
    machineTotal: to.machineTotal - from.machineTotal,
    redis: from.redis && to.redis ? countersUsed(from.redis, to.redis) : null,
  };
}

/** Sums the usage of several runs (differences, as usageBetween gives them). */
export function sumUsage(used: Usage[]): Usage {
  const sum = (pick: (usage: Usage) => number) => used.reduce((total, usage) => total + pick(usage), 0);
  const redis = used.flatMap((usage) => (usage.redis ? [usage.redis] : []));
  return {
    at: sum((u) => u.at),
    instances: (used[0]?.instances ?? []).map((_, index) => sum((u) => u.instances[index] ?? 0)),
    upstream: sum((u) => u.upstream),
    clients: sum((u) => u.clients),
    machineBusy: sum((u) => u.machineBusy),
    machineTotal: sum((u) => u.machineTotal),
    redis: redis.length ? redis.reduce(addCounters) : null,
  };
}
