import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "../streaming/child-process.js";
import type { StreamConnection, StreamRecord } from "../streaming/stream-tracker.js";
import { replyKey, TOKEN_TEXT, type ScenarioPlan, type UpstreamApi } from "../streaming/upstream-api.js";
import type { Deployment } from "./deployments.js";
import { readUsage, usageBetween, type Usage } from "./usage.js";

/** How long a burst may take to get all its replies asked for, and then to deliver them. */
const PHASE_TIMEOUT_MS = 60_000;
const SENDS_IN_FLIGHT = 50;
const REFUSED_GRACE_MS = 3_000;

export interface BurstContext {
  upstream: Child<UpstreamApi>;
  /** The sending and the viewing instance's clocks minus ours, in ms. */
  senderOffsetMs: number;
  viewerOffsetMs: number;
}

/** One burst of N streams on one deployment. Times in ms, CPU in µs. */
export interface Burst {
  streams: number;
  tokensSent: number;
  tokensReceived: number;
  lostTokens: number;
  errors: string[];
  /** console.error calls of the deployment's instances during the burst. */
  serverErrors: number;
  /** Per reply: the client has the first token − its first chunk reached the server. */
  firstTokenMs: number[];
  /** Per reply, the part of it until the viewer's subscription had the first delta (the bus). */
  busMs: number[];
  /** From the first chunk to reach the server to the last token any client received. */
  windowMs: number;
  /** From the release of the replies until every one has ended and been saved. */
  relay: Usage;
}

const timeout = (ms: number) => sleep(ms, "timeout" as const, { ref: false });

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
    const chunk = firstChunks.get(record.key);
    const delta = firstDeltas.get(String(deployment.sessionIds[index]));
    return chunk === undefined || delta === undefined ? [] : [delta - chunk];
  });
  return { ...summarize(plan, records, firstChunks), busMs, serverErrors, relay } satisfies Burst;
}

function onOurClock(stamps: Record<string, number>, offsetMs: number): Map<string, number> {
  return new Map(Object.entries(stamps).map(([key, at]) => [key, at - offsetMs]));
}

/** One reply per connection, at most SENDS_IN_FLIGHT sends unanswered at a time. */
async function startReplies(connections: StreamConnection[], tag: string) {
  const records: StreamRecord[] = [];
  const answers: Array<Promise<void>> = [];
  const inFlight = new Set<Promise<void>>();
  for (const [index, connection] of connections.entries()) {
    if (inFlight.size >= SENDS_IN_FLIGHT) await Promise.race(inFlight);
    const { record, accepted } = connection.start(replyKey(tag, index));
    records.push(record);
    answers.push(accepted);
    const settled = accepted.then(() => void inFlight.delete(settled));
    inFlight.add(settled);
  }
  return { records, allAccepted: Promise.all(answers) };
}

/** Settles when every send has been answered and some were refused (they never reach the upstream). */
async function someRefused(records: StreamRecord[], allAccepted: Promise<unknown>): Promise<void> {
  await allAccepted;
  if (!records.some((record) => record.ended && record.error)) return new Promise<void>(() => {});
  await sleep(REFUSED_GRACE_MS);
}

function problemOf(record: StreamRecord, expectedCharacters: number): string | null {
  if (record.error) return record.error;
  if (!record.ended) return `no end within ${PHASE_TIMEOUT_MS / 1000} s`;
  if (record.characters !== expectedCharacters) return `received ${record.characters} of ${expectedCharacters} characters`;
  return null;
}

function summarize(plan: ScenarioPlan, records: StreamRecord[], firstChunks: Map<string, number>) {
  const expected = plan.tokens * TOKEN_TEXT.length;
  const errors: string[] = [];
  const firstTokenMs: number[] = [];
  let characters = 0;
  let lostCharacters = 0;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    characters += record.characters;
    lostCharacters += Math.max(0, expected - record.characters);
    const problem = problemOf(record, expected);
    if (problem) errors.push(`${record.key}: ${problem}`);
    const reached = firstChunks.get(record.key);
    if (reached !== undefined) windowStart = Math.min(windowStart, reached);
    if (reached !== undefined && record.firstTokenAt !== null) firstTokenMs.push(record.firstTokenAt - reached);
    if (record.lastTokenAt !== null) windowEnd = Math.max(windowEnd, record.lastTokenAt);
  }
  const tokensReceived = characters / TOKEN_TEXT.length;
  return { streams: plan.streams, tokensSent: plan.streams * plan.tokens, tokensReceived, lostTokens: lostCharacters / TOKEN_TEXT.length, errors, firstTokenMs, windowMs: windowEnd - windowStart };
}

