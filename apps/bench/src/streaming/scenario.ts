import { setTimeout as sleep } from "node:timers/promises";
import type { Child, ClockCheck } from "./child-process.js";
import { cpuSnapshot, cpuUsed, type CpuSnapshot } from "./cpu-snapshot.js";
import type { Target } from "./processes.js";
import type { StreamConnection, StreamRecord } from "./stream-tracker.js";
import { replyKey, TOKEN_TEXT, type ScenarioPlan, type UpstreamApi } from "./upstream-api.js";

/** How long a scenario may take to get all its replies asked for, and then to deliver them. */
const PHASE_TIMEOUT_MS = 60_000;
const SENDS_IN_FLIGHT = 50;
const REFUSED_GRACE_MS = 3_000;

export interface RunContext {
  upstream: Child<UpstreamApi>;
  /** The upstream's clock minus ours. */
  upstreamOffsetMs: number;
}

/** One run of N streams against one server. Times in ms, CPU in µs. */
export interface ScenarioRun {
  streams: number;
  tokensSent: number;
  tokensReceived: number;
  lostTokens: number;
  errors: string[];
  /** console.error calls of the server during the run. */
  serverErrors: number;
  /** Per reply: client has the first token − the server got the provider's first chunk. */
  firstTokenMs: number[];
  /** From the first chunk any reply's upstream wrote to the last token any client received. */
  windowMs: number;
  /** Server CPU from the first request to the release of the replies (sends, reply setup). */
  setup: CpuSnapshot;
  /** CPU from the release to the end of every reply (the relay, and Parley's final saves). */
  relay: CpuSnapshot;
}

const timeout = (ms: number) => sleep(ms, "timeout" as const, { ref: false });

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
  return { ...summarizeRun(plan, records, { written, reached }, cpu), serverErrors };
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

function onOurClock(stamps: Record<string, number>, offsetMs: number): Record<string, number> {
  return Object.fromEntries(Object.entries(stamps).map(([key, at]) => [key, at - offsetMs]));
}

/**
 * Asks for one reply per connection, at most SENDS_IN_FLIGHT requests unanswered at a time:
 * what is measured is the streaming, not how a database pool copes with a thousand
 * simultaneous transactions (every reply is still held by the upstream until all have asked).
 */
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

/**
 * Settles when every request has been answered and some were refused: those replies will never
 * reach the upstream, so waiting for all N there would only wait for the timeout. The grace
 * lets the accepted ones get there first.
 */
async function someRefused(records: StreamRecord[], allAccepted: Promise<unknown>): Promise<void> {
  await allAccepted;
  if (!records.some((record) => record.ended && record.error)) return new Promise<void>(() => {});
  await sleep(REFUSED_GRACE_MS);
}

function recordProblem(record: StreamRecord, expectedCharacters: number): string | null {
  if (record.error) return record.error;
  if (!record.ended) return `no end within ${PHASE_TIMEOUT_MS / 1000} s`;
  if (record.characters !== expectedCharacters) return `received ${record.characters} of ${expectedCharacters} characters`;
  return null;
}

/** Each reply's first chunk on our clock: when the upstream wrote it, and when it reached the server. */
interface FirstChunks {
  written: Record<string, number>;
  reached: Record<string, number>;
}

function summarizeRun(
  plan: ScenarioPlan,
  records: StreamRecord[],
  firstChunks: FirstChunks,
  cpu: { setup: CpuSnapshot; relay: CpuSnapshot },
): Omit<ScenarioRun, "serverErrors"> {
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
    const problem = recordProblem(record, expected);
    if (problem) errors.push(`${record.key}: ${problem}`);
    const written = firstChunks.written[record.key];
    const reached = firstChunks.reached[record.key];
    if (written !== undefined) windowStart = Math.min(windowStart, written);
    if (reached !== undefined && record.firstTokenAt !== null) firstTokenMs.push(record.firstTokenAt - reached);
    if (record.lastTokenAt !== null) windowEnd = Math.max(windowEnd, record.lastTokenAt);
  }
  return {
    streams: plan.streams,
    tokensSent: plan.streams * plan.tokens,
    tokensReceived: characters / TOKEN_TEXT.length,
    lostTokens: lostCharacters / TOKEN_TEXT.length,
    errors,
    firstTokenMs,
    windowMs: windowEnd - windowStart,
    ...cpu,
  };
}
