import { formatTable, ms } from "../stats.js";
import type { PacedResult } from "./run.js";

/** What one run's Redis masters did, per unit of work. */
export function redisCost(result: PacedResult, secondsPerStream: number) {
  const cpu = result.redis.reduce((sum, used) => sum + used.cpuUs, 0);
  const hottest = Math.max(0, ...result.redis.map((used) => used.cpuUs));
  const commands = result.redis.reduce((sum, used) => sum + used.commands, 0);
  const scriptCalls = result.redis.reduce((sum, used) => sum + (used.byCommand.evalsha?.calls ?? 0) + (used.byCommand.eval?.calls ?? 0), 0);
  const streamSeconds = result.streams * secondsPerStream;
  return {
    masters: result.redis.length,
    perEventUs: cpu / result.events,
    perTokenUs: cpu / result.tokens,
    perStreamSecondUs: cpu / streamSeconds,
    commandsPerEvent: commands / result.events,
    scriptCallsPerEvent: scriptCalls / result.events,
    /** Streams at this pace the deployment's Redis carries before its busiest master's core is full. */
    streamsCarried: hottest > 0 ? (streamSeconds * 1e6) / hottest : Number.NaN,
  };
}

const us = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

export function printRelay(results: PacedResult[]): void {
  const rows = results.map((r) => [
    r.label,
    r.streams.toLocaleString("en"),
    r.tokens.toLocaleString("en"),
    (r.tokens / r.events).toFixed(2),
    `${r.lost}/${r.duplicated}`,
    `${ms(r.delay.p50)}/${ms(r.delay.p95)}/${ms(r.delay.p99)}`,
    `${ms(r.firstToken.p50)}/${ms(r.firstToken.p95)}`,
    r.cpuUs.map((cpu) => `${cpu.name} ${us(cpu.us / r.tokens)}`).join(", "),
    r.cpuUs.map((cpu) => `${cpu.name} ${us(cpu.us / r.events)}`).join(", "),
    (r.memoryPerStream / 1024).toFixed(1),
    String(r.errors.length),
  ]);
  const header = [
    "relay",
    "N",
    "tokens",
    "tok/event",
    "lost/dup",
    "chunk→client ms p50/p95/p99",
    "first ms p50/p95",
    "CPU µs/token",
    "CPU µs/event",
    "KB/stream",
    "errors",
  ];
  console.log(formatTable(header, rows));
}

export function printRedis(results: PacedResult[], secondsPerStream: number): void {
  const rows = results
    .filter((r) => r.redis.length > 0)
    .map((r) => {
      const cost = redisCost(r, secondsPerStream);
      return [
        r.label,
        r.streams.toLocaleString("en"),
        us(cost.perEventUs),
        us(cost.perTokenUs),
        us(cost.perStreamSecondUs),
        cost.commandsPerEvent.toFixed(2),
        cost.scriptCallsPerEvent.toFixed(3),
        Math.round(cost.streamsCarried).toLocaleString("en"),
        Math.round(cost.streamsCarried / cost.masters).toLocaleString("en"),
      ];
    });
  const header = [
    "Redis (INFO)",
    "N",
    "CPU µs/event",
    "µs/token",
    "µs/stream-s",
    "commands/event",
    "script calls/event",
    "streams carried",
    "per master core",
  ];
  console.log(formatTable(header, rows));
}
