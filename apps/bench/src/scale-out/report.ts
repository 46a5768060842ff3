import { cpus } from "node:os";
import { formatTable, ms } from "../stats.js";
import type { ClockCheck } from "../streaming/child-process.js";
import type { LoggedErrors } from "../streaming/server-api.js";
import type { TargetCheck } from "../streaming/targets.js";
import type { DeploymentResult } from "./results.js";
import { cpuRatio, type Compared } from "./targets.js";

const count = (value: number) => Math.round(value).toLocaleString("en");
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const micro = (value: number) => value.toFixed(2);

export function printMethod(plan: { streams: number; tokens: number; runs: number }, clocks: ClockCheck[], load: number[]): void {
  console.log(`Processes: the clients (here), a scripted OpenAI upstream, and Parley deployed two ways, each with its own
fresh test database: one instance with the in-process bus; two instances (A, B) with the Redis bus and
coordination, as apps/server builds them with REDIS_URL (a namespace of their own on the shared Redis).
In-process, each client's WebSocket subscribes to chat.stream on the instance and sends chat.send (HTTP) to
it; over Redis, it subscribes on B and sends to A, so A generates every reply and every token crosses Redis
to B. A run: ${count(plan.streams)} conversations (one user each) ask for a reply of ${plan.tokens} tokens at once (at most 50 sends
unanswered); the upstream holds them until all have asked, then streams them together as fast as sockets
take them. ${plan.runs} runs per deployment after an untimed warm-up, the deployments taking turns.
tokens/s: tokens received ÷ (first chunk reached the server → last token received), median of the runs.
1st token: client has the first delta − the reply's first chunk reached the server (stamped in the sending
instance by wrapping the provider it gives the engine), ms, over every reply of every run; of it bus: until the
viewer's chat.stream subscription had the first delta (stamped in the viewing instance by wrapping its bus),
in-process nothing but a call, over Redis A → Redis → B; the rest is tRPC, the socket and the client.
CPU µs/token: Parley's CPU (both instances over Redis) from the release until every reply is saved and its
lease let go, ÷ tokens delivered. Redis CPU: INFO used_cpu_sys + used_cpu_user over the same span (the Redis
server is shared: anything else using it meanwhile would count too). busy: shares of one core over the relays;
machine: of all ${cpus().length} cores.`);
  const offsets = clocks.map((clock) => `${clock.offsetMs.toFixed(3)} ± ${clock.uncertaintyMs.toFixed(3)} ms`).join(", ");
  console.log(`Clock offsets of the sending and viewing instances from the clients' (corrected): ${offsets}.`);
  console.log(`Load average (1 min) at start / end: ${load.map((value) => value.toFixed(1)).join(" / ")}.\n`);
}

function row(result: DeploymentResult, baseline: DeploymentResult): string[] {
  const isBaseline = result === baseline;
  const { busy } = result;
  return [
    result.label,
    `${result.runs}`,
    count(result.tokensPerSecond),
    ...[result.firstToken.p50, result.firstToken.p95, result.firstToken.p99].map(ms),
    `${ms(result.bus.p50)} / ${ms(result.bus.p95)}`,
    micro(result.cpuPerTokenUs),
    isBaseline ? "" : `${(result.cpuPerTokenUs / baseline.cpuPerTokenUs).toFixed(2)}×`,
    result.instanceCpuPerTokenUs.map(micro).join(" + "),
    result.redis ? micro(result.redis.cpuUs) : "",
    [busy.servers, busy.redis, busy.upstream, busy.clients, busy.machine].map(percent).join(" "),
    `${count(result.lostTokens)} of ${count(result.tokensSent)}`,
    `${result.errors.length}`,
    `${result.serverErrors}`,
  ];
}

export function printResults({ inProcess, overRedis }: Compared): void {
  const header = [
    "deployment",
    "runs",
    "tokens/s",
    "1st token p50",
    "p95",
    "p99",
    "of it bus p50 / p95",
    "Parley CPU µs/token",
    "×in-proc",
  ];
  header.push("per instance", "Redis CPU µs/token", "busy srv redis up cli machine", "lost tokens", "errors", "logged");
  console.log(formatTable(header, [row(inProcess, inProcess), row(overRedis, inProcess)]));
  for (const result of [inProcess, overRedis]) for (const error of result.errors.slice(0, 5)) console.log(`  ${result.label}: ${error}`);
}

/** Figures for a capacity estimate: what the Redis hop costs, per token and per event. */
export function printRedis(compared: Compared): void {
  const redis = compared.overRedis.redis;
  if (!redis) return;
  const events = redis.byCommand.find((command) => command.name === "xadd")?.calls ?? Number.NaN;
  const parleyPerToken = compared.overRedis.cpuPerTokenUs;
  console.log(
    `Over Redis, per delivered token: ${redis.commands.toFixed(3)} commands, ${redis.inputBytes.toFixed(1)} bytes in, ${redis.outputBytes.toFixed(1)} bytes out,`,
  );
  console.log(
    `${events.toFixed(3)} events published (XADD), so ${(1 / events).toFixed(1)} tokens per event; Redis CPU ${micro(redis.cpuUs)} µs/token = ${micro(redis.cpuUs / events)} µs/event.`,
  );
  const withRedis = (parleyPerToken + redis.cpuUs) / compared.inProcess.cpuPerTokenUs;
  console.log(
    `Parley ${micro(parleyPerToken)} + Redis ${micro(redis.cpuUs)} µs/token = ${withRedis.toFixed(2)}× in-process (Parley alone ${cpuRatio(compared).toFixed(2)}×).`,
  );
  console.log(
    `At 100% of one core: Parley (A+B work) ${count(1e6 / parleyPerToken)} tokens/s per core; Redis ${count(1e6 / redis.cpuUs)} tokens/s`,
  );
  console.log(`(${count(1e6 / (redis.cpuUs / events))} events/s) before its single thread saturates, at this run's tokens per event.`);
  const rows = redis.byCommand.slice(0, 8).map((command) => [command.name, command.calls.toFixed(4), command.usec.toFixed(3)]);
  console.log(formatTable(["Redis command (commandstats)", "calls/token", "µs/token executing"], rows));
}

export function printTargets(checks: TargetCheck[]): void {
  const rows = checks.map((check) => [check.target, check.measured, check.passed ? "PASS" : "FAIL"]);
  console.log(formatTable(["target", "measured", "result"], rows));
}

export function printLogged(logged: Array<{ label: string; errors: LoggedErrors }>): void {
  for (const { label, errors } of logged) {
    console.log(`${label}: ${errors.count} console.error calls over the whole benchmark (warm-up included)`);
    for (const [kind, times] of Object.entries(errors.kinds)) console.log(`  ${times}× ${kind}`);
  }
}
