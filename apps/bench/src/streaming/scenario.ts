import type { Child, ClockCheck } from "./child-process.js";
import { cpuSnapshot, cpuUsed, type CpuSnapshot } from "./cpu-snapshot.js";
import type { Target } from "./processes.js";
import { onOurClock, PHASE_TIMEOUT_MS, someRefused, startReplies, summarizeReplies, timeout, type ReplyTotals } from "./reply-burst.js";
import type { StreamConnection } from "./stream-tracker.js";
import type { ScenarioPlan, UpstreamApi } from "./upstream-api.js";

export interface RunContext {
  upstream: Child<UpstreamApi>;
  /** The upstream's clock minus ours. */
  upstreamOffsetMs: number;
}

/**
 * One run of N streams against one server. Times in ms, CPU in µs; the window runs from the
 * first chunk any reply's upstream wrote to the last token any client received.
 */
export interface ScenarioRun extends ReplyTotals {
  /** console.error calls of the server during the run. */
  serverErrors: number;
  /** Server CPU from the first request to the release of the replies (sends, reply setup). */
  setup: CpuSnapshot;
  /** CPU from the release to the end of every reply (the relay, and Parley's final saves). */
  relay: CpuSnapshot;
}

/**
 * Asks for N replies at once; the upstream holds them until all N have been asked for and then
 * starts them together, so all N streams are in flight at the same time. Server CPU is read
 * before, at the release (the server is idle then, waiting for the upstream) and after.
 */
export async function runScenario(target: Target, connections: StreamConnection[], context: RunContext, plan: ScenarioPlan) {
  const { upstream } = context;
  await serverClock(target);
  await upstream.call("arm", plan);
  const arrived = upstream.next("arrived", (tag) => tag === plan.tag);
  const errorsBefore = (await target.server.call("loggedErrors")).count;
  const before = await cpuSnapshot(target.server, upstream);
  const { records, allAccepted } = await startReplies(connections.slice(0, plan.streams), plan.tag);
  const allEnded = Promise.all(records.map((record) => record.finished));
  await Promise.race([arrived, allEnded, someRefused(records, allAccepted), timeout(PHASE_TIMEOUT_MS)]);
  const released = await cpuSnapshot(target.server, upstream);
  await upstream.call("release", plan.tag);
  await Promise.race([allEnded, timeout(PHASE_TIMEOUT_MS)]);
  const after = await cpuSnapshot(target.server, upstream);
  const serverErrors = (await target.server.call("loggedErrors")).count - errorsBefore;
  const written = onOurClock(await upstream.call("firstChunks", plan.tag), context.upstreamOffsetMs);
  const reached = onOurClock(await target.server.call("firstChunks", plan.tag), (await serverClock(target)).offsetMs);
  const cpu = { setup: cpuUsed(before, released), relay: cpuUsed(released, after) };
  return { ...summarizeReplies(plan, records, { reached, windowStart: written }), ...cpu, serverErrors };
}

const serverClocks = new WeakMap<Target, Promise<ClockCheck>>();

/** How far the target server's clock is from ours: checked once per server, before its first run. */
export function serverClock(target: Target): Promise<ClockCheck> {
  let check = serverClocks.get(target);
  if (!check) {
    check = target.server.checkClock();
    serverClocks.set(target, check);
  }
  return check;
}
