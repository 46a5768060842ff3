import { summarize, type Summary } from "../stats.js";
import type { Burst } from "./burst.js";
import type { RedisCounters } from "./redis-probe.js";
import { sumUsage } from "./usage.js";

/** Redis's share of a deployment's work, per delivered token. */
export interface RedisPerToken {
  cpuUs: number;
  commands: number;
  inputBytes: number;
  outputBytes: number;
  /** Commands by the time Redis spent executing them, most first: calls and µs per token. */
  byCommand: Array<{ name: string; calls: number; usec: number }>;
}

/** One deployment over all its bursts. */
export interface DeploymentResult {
  label: string;
  streams: number;
  runs: number;
  /** Median over the runs. */
  tokensPerSecond: number;
  firstToken: Summary;
  /** Of it, first chunk → the viewer's subscription has the first delta. */
  bus: Summary;
  /** Every Parley instance's CPU over the relays ÷ tokens delivered. */
  cpuPerTokenUs: number;
  /** The same, instance by instance. */
  instanceCpuPerTokenUs: number[];
  redis: RedisPerToken | null;
  /** Shares of one core over the relays (machine: of all its cores). */
  busy: { servers: number; redis: number; upstream: number; clients: number; machine: number };
  tokensSent: number;
  lostTokens: number;
  errors: string[];
  serverErrors: number;
}

function redisPerToken(counters: RedisCounters, tokens: number): RedisPerToken {
  const byCommand = Object.entries(counters.byCommand)
    .map(([name, { calls, usec }]) => ({ name, calls: calls / tokens, usec: usec / tokens }))
    .sort((a, b) => b.usec - a.usec);
  return {
    cpuUs: counters.cpuUs / tokens,
    commands: counters.commands / tokens,
    inputBytes: counters.inputBytes / tokens,
    outputBytes: counters.outputBytes / tokens,
    byCommand,
  };
}

export function aggregate(label: string, bursts: Burst[]): DeploymentResult {
  const relay = sumUsage(bursts.map((burst) => burst.relay));
  const sum = (pick: (burst: Burst) => number) => bursts.reduce((total, burst) => total + pick(burst), 0);
  const tokens = sum((burst) => burst.tokensReceived);
  const servers = relay.instances.reduce((total, used) => total + used, 0);
  const wallUs = relay.at * 1000;
  return {
    label,
    streams: bursts[0]?.streams ?? 0,
    runs: bursts.length,
    tokensPerSecond: summarize(bursts.map((burst) => burst.tokensReceived / (burst.windowMs / 1000))).p50,
    firstToken: summarize(bursts.flatMap((burst) => burst.firstTokenMs)),
    bus: summarize(bursts.flatMap((burst) => burst.busMs)),
    cpuPerTokenUs: servers / tokens,
    instanceCpuPerTokenUs: relay.instances.map((used) => used / tokens),
    redis: relay.redis ? redisPerToken(relay.redis, tokens) : null,
    busy: {
      servers: servers / wallUs,
      redis: (relay.redis?.cpuUs ?? 0) / wallUs,
      upstream: relay.upstream / wallUs,
      clients: relay.clients / wallUs,
      machine: relay.machineBusy / Math.max(1, relay.machineTotal),
    },
    tokensSent: sum((burst) => burst.tokensSent),
    lostTokens: sum((burst) => burst.lostTokens),
    errors: bursts.flatMap((burst) => burst.errors),
    serverErrors: sum((burst) => burst.serverErrors),
  };
}
