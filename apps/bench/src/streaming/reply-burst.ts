// What every burst of concurrent replies does, whatever it runs against (one server here, a
// deployment of several in scale-out/): ask for the replies, notice refused ones, wait within
// bounds, and total what the clients received.
import { setTimeout as sleep } from "node:timers/promises";
import type { StreamConnection, StreamRecord } from "./stream-tracker.js";
import { replyKey, TOKEN_TEXT, type ScenarioPlan } from "./upstream-api.js";

/** How long a burst may take to get all its replies asked for, and then to deliver them. */
export const PHASE_TIMEOUT_MS = 60_000;
const SENDS_IN_FLIGHT = 50;
const REFUSED_GRACE_MS = 3_000;

export const timeout = (ms: number) => sleep(ms, "timeout" as const, { ref: false });

/** Stamps taken on another process's clock, moved onto ours. */
export function onOurClock(stamps: Record<string, number>, offsetMs: number): Record<string, number> {
  return Object.fromEntries(Object.entries(stamps).map(([key, at]) => [key, at - offsetMs]));
}

/**
 * Asks for one reply per connection, at most SENDS_IN_FLIGHT requests unanswered at a time:
 * what is measured is the streaming, not how a database pool copes with a thousand
 * simultaneous transactions (every reply is still held by the upstream until all have asked).
 */
export async function startReplies(connections: StreamConnection[], tag: string) {
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
export async function someRefused(records: StreamRecord[], allAccepted: Promise<unknown>): Promise<void> {
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

/** What the clients received in one burst. Times in ms. */
export interface ReplyTotals {
  streams: number;
  tokensSent: number;
  tokensReceived: number;
  lostTokens: number;
  errors: string[];
  /** Per reply: client has the first token − the reply's first chunk reached the server. */
  firstTokenMs: number[];
  /** From the earliest `windowStart` stamp to the last token any client received. */
  windowMs: number;
}

/**
 * Totals a burst's records. Stamps are per reply key, on our clock: `reached`, when the reply's
 * first chunk reached the server (the start of its first-token latency); `windowStart`, the
 * stamps whose earliest opens the tokens/s window.
 */
export function summarizeReplies(
  plan: ScenarioPlan,
  records: StreamRecord[],
  stamps: { reached: Record<string, number>; windowStart: Record<string, number> },
): ReplyTotals {
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
    const opened = stamps.windowStart[record.key];
    const reached = stamps.reached[record.key];
    if (opened !== undefined) windowStart = Math.min(windowStart, opened);
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
  };
}
