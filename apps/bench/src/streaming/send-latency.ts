import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "./child-process.js";
import { summarize, type Summary } from "../stats.js";
import type { StreamConnection } from "./stream-tracker.js";
import { replyKey, type UpstreamApi } from "./upstream-api.js";

export interface SendLatency {
  /** chat.send → the client has the first delta. */
  summary: Summary;
  /** chat.send → its answer (the transaction storing both messages). */
  answered: Summary;
  /** The answer → the first delta (loading the conversation, the provider request, the relay). */
  afterAnswer: Summary;
  /**
   * The baseline: the same database writes and a publish bare, on Parley's pool and bus, then
   * the bare relay's request → first token from the same upstream.
   */
  baseline: Summary;
  errors: string[];
}

const TAG = "send";

/**
 * chat.send → first delta on the client, one send at a time, each in a different conversation
 * (connection i's): the send's transaction (user and assistant messages), loading the
 * conversation, the provider request and the upstream's first chunk, which it writes at once.
 */
export interface SendBaseline {
  bare: StreamConnection[];
  /** Times the bare writes and publish in a conversation (ms). */
  writes(sessionId: number): Promise<number>;
  sessionIds: number[];
}

export async function measureSendToFirstToken(
  connections: StreamConnection[],
  upstream: Child<UpstreamApi>,
  runs: { warmup: number; iterations: number },
  baseline: SendBaseline,
): Promise<SendLatency> {
  const total = runs.warmup + runs.iterations;
  if (connections.length < total) throw new Error(`send latency needs ${total} conversations`);
  await upstream.call("arm", { tag: TAG, streams: total, tokens: 20, together: false });
  const samples: number[][] = [];
  const errors: string[] = [];
  for (const [index, connection] of connections.slice(0, total).entries()) {
    const { record } = connection.start(replyKey(TAG, index));
    await Promise.race([record.finished, sleep(10_000, undefined, { ref: false })]);
    const { sentAt, acceptedAt, firstTokenAt } = record;
    if (record.error || firstTokenAt === null || acceptedAt === null)
      errors.push(`${record.key}: ${record.error ?? "no token within 10 s"}`);
    else if (index >= runs.warmup) samples.push([firstTokenAt - sentAt, acceptedAt - sentAt, firstTokenAt - acceptedAt]);
  }
  await upstream.call("firstChunks", TAG);
  const column = (index: number) => summarize(samples.map((sample) => sample[index] ?? Number.NaN));
  const bare = await measureBaseline(baseline, upstream, runs, errors);
  return { summary: column(0), answered: column(1), afterAnswer: column(2), baseline: bare, errors };
}

/** The baseline's samples, one at a time like Parley's, on the bare relay's connections. */
async function measureBaseline(
  baseline: SendBaseline,
  upstream: Child<UpstreamApi>,
  runs: { warmup: number; iterations: number },
  errors: string[],
) {
  const total = runs.warmup + runs.iterations;
  await upstream.call("arm", { tag: `${TAG}b`, streams: total, tokens: 20, together: false });
  const samples: number[] = [];
  for (const [index, connection] of baseline.bare.slice(0, total).entries()) {
    const writesMs = await baseline.writes(baseline.sessionIds[index] ?? 0);
    const { record } = connection.start(replyKey(`${TAG}b`, index));
    await Promise.race([record.finished, sleep(10_000, undefined, { ref: false })]);
    if (record.error || record.firstTokenAt === null) errors.push(`baseline ${record.key}: ${record.error ?? "no token within 10 s"}`);
    else if (index >= runs.warmup) samples.push(writesMs + (record.firstTokenAt - record.sentAt));
  }
  await upstream.call("firstChunks", `${TAG}b`);
  return summarize(samples);
}
