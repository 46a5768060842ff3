import type { Child, ClockCheck } from "../streaming/child-process.js";
import { progress } from "../streaming/levels.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";
import type { UpstreamApi } from "../streaming/upstream-api.js";
import { runBurst, type Burst, type BurstContext } from "./burst.js";
import type { Deployment } from "./deployments.js";
import { aggregate, type DeploymentResult } from "./results.js";

/** A deployment with its clients' connections, one per conversation, all subscribed. */
export interface Contender {
  deployment: Deployment;
  connections: StreamConnection[];
  /** The sending and the viewing instance's clocks against ours. */
  clocks: ClockCheck[];
  context: BurstContext;
}

export interface RunPlan {
  streams: number;
  tokens: number;
  runs: number;
  /** Untimed bursts first, so neither deployment pays for loading and compiling code in the measured ones. */
  warmUpStreams: number[];
}

/** Opens `count` subscribed connections a few at a time (a burst would overflow the listen backlog). */
export async function openConnections(deployment: Deployment, count: number): Promise<StreamConnection[]> {
  const connections: StreamConnection[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) => deployment.open(start + i));
    connections.push(...(await Promise.all(batch)));
  }
  return connections;
}

export async function contender(deployment: Deployment, upstream: Child<UpstreamApi>, streams: number): Promise<Contender> {
  const connections = await openConnections(deployment, streams);
  const [sender, viewer] = [await deployment.sender.checkClock(), await deployment.viewer.checkClock()];
  return {
    deployment,
    connections,
    clocks: [sender, viewer],
    context: { upstream, senderOffsetMs: sender.offsetMs, viewerOffsetMs: viewer.offsetMs },
  };
}

/** The warm-up, then every run, the deployments taking turns (which goes first alternates, so drift hits both alike). */
export async function runAll(contenders: Contender[], plan: RunPlan): Promise<DeploymentResult[]> {
  for (const { deployment, connections, context } of contenders) {
    for (const [index, streams] of plan.warmUpStreams.entries()) {
      const started = performance.now();
      const burst = await runBurst(deployment, connections, context, {
        tag: `w${deployment.id}${index}`,
        streams,
        tokens: plan.tokens,
        together: true,
      });
      progress(`warm-up ${deployment.label} ×${streams}`, started, burst.errors.length);
    }
  }
  const bursts = new Map<Contender, Burst[]>(contenders.map((one) => [one, []]));
  for (let run = 0; run < plan.runs; run++) {
    const order = run % 2 === 0 ? contenders : [...contenders].reverse();
    for (const one of order) {
      const started = performance.now();
      const tag = `${one.deployment.id}${plan.streams}r${run}`;
      const burst = await runBurst(one.deployment, one.connections, one.context, {
        tag,
        streams: plan.streams,
        tokens: plan.tokens,
        together: true,
      });
      bursts.get(one)?.push(burst);
      progress(`${one.deployment.label} ×${plan.streams} run ${run + 1}/${plan.runs}`, started, burst.errors.length);
    }
  }
  return contenders.map((one) => aggregate(one.deployment.label, bursts.get(one) ?? []));
}
