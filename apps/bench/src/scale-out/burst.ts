import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "../streaming/child-process.js";
import {
  onOurClock,
  PHASE_TIMEOUT_MS,
  someRefused,
  startReplies,
  summarizeReplies,
  timeout,
  type ReplyTotals,
} from "../streaming/reply-burst.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";
import type { ScenarioPlan, UpstreamApi } from "../streaming/upstream-api.js";
import type { Deployment } from "./deployments.js";
import { readUsage, usageBetween, type Usage } from "./usage.js";

export interface BurstContext {
  upstream: Child<UpstreamApi>;
  /** The sending and the viewing instance's clocks minus ours, in ms. */
  senderOffsetMs: number;
  viewerOffsetMs: number;
}

/**
 * One burst of N streams on one deployment. Times in ms, CPU in µs; the window runs from the
 * first chunk to reach the server to the last token any client received.
 */
export interface Burst extends ReplyTotals {
  /** console.error calls of the deployment's instances during the burst. */
  serverErrors: number;
  /** Per reply, the part of it until the viewer's subscription had the first delta (the bus). */
  busMs: number[];
  /** From the release of the replies until every one has ended and been saved. */
  relay: Usage;
}

async function loggedErrors(deployment: Deployment): Promise<number> {
  const counts = await Promise.all(deployment.instances.map((instance) => instance.call("loggedErrors")));
  return counts.reduce((sum, logged) => sum + logged.count, 0);
}

/**
 * Waits until the sender has saved every reply and let its lease go (which follows `done`),
 * so that what a reply costs is counted in its own burst, not the next one.
 */
async function settled(deployment: Deployment): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if ((await deployment.sender.call("activeReplies")) === 0) return;
    await sleep(20);
  }
}

/**
 * Asks for N replies; the upstream holds them until all N have been asked for, then starts them
 * together, so all N streams are in flight at once. CPU and Redis's counters are read at the
 * release (the servers idle, waiting for the upstream) and once every reply has settled.
 */
export async function runBurst(deployment: Deployment, connections: StreamConnection[], context: BurstContext, plan: ScenarioPlan) {
  const { upstream } = context;
  await upstream.call("arm", plan);
  const arrived = upstream.next("arrived", (tag) => tag === plan.tag);
  const errorsBefore = await loggedErrors(deployment);
  const { records, allAccepted } = await startReplies(connections.slice(0, plan.streams), plan.tag);
  const allEnded = Promise.all(records.map((record) => record.finished));
  await Promise.race([arrived, allEnded, someRefused(records, allAccepted), timeout(PHASE_TIMEOUT_MS)]);
  const released = await readUsage(deployment, upstream);
  await upstream.call("release", plan.tag);
  await Promise.race([allEnded, timeout(PHASE_TIMEOUT_MS)]);
  await settled(deployment);
  const relay = usageBetween(released, await readUsage(deployment, upstream));
  const serverErrors = (await loggedErrors(deployment)) - errorsBefore;
  await upstream.call("firstChunks", plan.tag);
  const firstChunks = onOurClock(await deployment.sender.call("firstChunks", plan.tag), context.senderOffsetMs);
  const firstDeltas = onOurClock(await deployment.viewer.call("firstDeltas"), context.viewerOffsetMs);
  const busMs = records.flatMap((record, index) => {
    const chunk = firstChunks[record.key];
    const delta = firstDeltas[String(deployment.sessionIds[index])];
    return chunk === undefined || delta === undefined ? [] : [delta - chunk];
  });
  return {
    ...summarizeReplies(plan, records, { reached: firstChunks, windowStart: firstChunks }),
    busMs,
    serverErrors,
    relay,
  } satisfies Burst;
}
