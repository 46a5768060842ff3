import { cpus } from "node:os";
import { formatTable, ms, type Summary } from "../stats.js";
import type { ClockCheck } from "./child-process.js";
import type { IdleMemory } from "./idle-memory.js";
import { TOKENS_PER_REPLY, type LevelResult } from "./levels.js";
import type { SendLatency } from "./send-latency.js";
import type { LoggedErrors } from "./server-api.js";

export interface StreamingResults {
  /** The upstream's clock against the clients'. */
  clock: ClockCheck;
  /** Each server's clock against the clients' (first-token latency starts on it). */
  serverClocks: { parley: ClockCheck; bare: ClockCheck };
  levels: LevelResult[];
  idle: { parley: IdleMemory; bare: IdleMemory };
  send: SendLatency;
  logged: { parley: LoggedErrors; bare: LoggedErrors };
}

const count = (value: number) => Math.round(value).toLocaleString("en");
const times = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function latencyCells(summary: Summary): string[] {
  return [summary.p50, summary.p95, summary.p99].map(ms);
}

function levelRow(result: LevelResult, baseline: LevelResult | undefined): string[] {
  const isBaseline = !baseline || baseline === result;
  return [
    `${count(result.streams)}`,
    result.label,
    `${result.runs}`,
    count(result.tokensPerSecond),
    isBaseline ? "" : times(result.tokensPerSecond, baseline.tokensPerSecond),
    ...latencyCells(result.firstToken),
    isBaseline ? "" : times(result.firstToken.p95, baseline.firstToken.p95),
    result.cpuPerTokenUs.toFixed(2),
    isBaseline ? "" : times(result.cpuPerTokenUs, baseline.cpuPerTokenUs),
    result.setupCpuPerReplyMs.toFixed(2),
    [result.busy.server, result.busy.clients, result.busy.upstream, result.busy.machine].map(percent).join(" "),
    `${count(result.lostTokens)} of ${count(result.tokensSent)}`,
    `${result.errors.length}`,
    `${result.serverErrors}`,
  ];
}

export function printLevels(levels: LevelResult[]): void {
  const header = ["streams", "server", "runs", "tokens/s", "×bare", "1st token p50", "p95", "p99", "p95 ×bare"];
  header.push("CPU µs/token", "×bare", "setup CPU ms/reply", "busy srv cli up machine", "lost tokens", "errors", "logged");
  const rows = levels.map((result) => {
    const baseline = levels.find((other) => other.streams === result.streams && other.label === "bare ws");
    return levelRow(result, baseline);
  });
  console.log(formatTable(header, rows));
  for (const result of levels) for (const error of result.errors.slice(0, 5)) console.log(`  ${result.label} ×${result.streams}: ${error}`);
}

export function printIdle(idle: StreamingResults["idle"]): void {
  const rows = [idle.bare, idle.parley].map((memory, index) => [
    index === 0 ? "bare ws" : "Parley",
    `${memory.connections}`,
    kib(memory.rssGrowthPerConnection),
    kib(memory.slackGrowthPerConnection),
    kib(memory.rssPerConnection),
    index === 0 ? "" : times(memory.rssPerConnection, idle.bare.rssPerConnection),
    kib(memory.heapPerConnection),
  ]);
  const header = ["server", "connections", "RSS growth KiB/conn", "heap slack growth", "charged", "×bare", "heap+external"];
  console.log(formatTable(header, rows));
  console.log("Idle connections: server memory after full collections, before and after opening 1,000 more (each");
  console.log("subscribed to its own conversation, then silent) beside the 1,020 already open, before any streaming;");
  console.log("young generation fixed at 16 MB in both servers. Charged = RSS growth − heap slack growth, where heap slack is");
  console.log("resident memory V8 holds for no live object (free space in its spaces, pooled free pages): live heap and");
  console.log("all memory outside V8's pages (external buffers, sockets' native memory) count; V8's page commits do not.");
}

export function printSend(send: SendLatency): void {
  const rows = [
    ["chat.send → first token", send.summary],
    ["  chat.send → its answer", send.answered],
    ["  answer → first token", send.afterAnswer],
    ["baseline: the same writes and a publish bare, then the bare relay", send.baseline],
  ] as const;
  const header = ["Parley, one send at a time", "samples", "p50 ms", "p95", "p99"];
  console.log(
    formatTable(
      header,
      rows.map(([name, summary]) => [name, `${summary.samples}`, ...latencyCells(summary)]),
    ),
  );
  for (const error of send.errors.slice(0, 5)) console.log(`  ${error}`);
}

const METHOD = `Processes: the clients (here), a scripted OpenAI upstream, Parley (built as apps/server builds it, fresh
test database, createOpenAIProvider → upstream) and a bare ws relay (same upstream, same openai SDK call, each
token sent on as one WebSocket text message). One WebSocket per conversation, each subscribed (1,000 per
server; a run of N streams uses the first N). A run asks for N replies of ${TOKENS_PER_REPLY} tokens (at most 50 requests
unanswered at a time); the upstream holds every reply until all N have been asked for, then starts them
together, each written as fast as its socket takes it. The servers take turns, which one goes first alternating.
tokens/s: tokens received ÷ (first chunk written → last token received), median of the runs.
1st token (added latency): client has the first delta − the reply's first chunk reached the server (stamped in
each server where its openai SDK stream hands the chunk over, on its own clock), ms, over all replies of all runs.
CPU µs/token: server CPU from the release to the end of every reply (Parley's final saves included) ÷ tokens.
setup CPU: server CPU before the release, per reply (Parley: chat.send's transaction, loading the conversation,
the provider request). busy: CPU over the relays as a share of one core (server, clients, upstream), and the
machine's share of all its cores. errors: replies that failed, stopped early or lost text (client side);
logged: the server's console.error calls during the runs.`;

export function printMethod(results: StreamingResults, load: { loadBefore: number; loadAfter: number }): void {
  console.log(METHOD);
  const offset = ({ offsetMs, uncertaintyMs }: ClockCheck) => `${offsetMs.toFixed(3)} ms ± ${uncertaintyMs.toFixed(3)} ms`;
  const { parley, bare } = results.serverClocks;
  console.log(`Clocks: performance.timeOrigin + performance.now() in every process (µs resolution); offsets from the`);
  console.log(`clients' clock, from IPC round trips (corrected): upstream ${offset(results.clock)}, Parley ${offset(parley)},`);
  console.log(`bare ws ${offset(bare)}.`);
  console.log(
    `Load average (1 min) at start / end: ${load.loadBefore.toFixed(1)} / ${load.loadAfter.toFixed(1)} on ${cpus().length} cores.\n`,
  );
}

export function printLoggedErrors(logged: StreamingResults["logged"]): void {
  for (const [label, errors] of [
    ["bare ws", logged.bare],
    ["Parley", logged.parley],
  ] as const) {
    console.log(`${label} server: ${errors.count} console.error calls over the whole benchmark`);
    for (const [kind, times] of Object.entries(errors.kinds)) console.log(`  ${times}× ${kind}`);
  }
}
