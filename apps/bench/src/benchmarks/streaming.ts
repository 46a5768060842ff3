import { loadavg } from "node:os";
import type { Benchmark } from "../benchmark.js";
import { measureIdleConnections, openSubscribed } from "../streaming/idle-memory.js";
import { progress, runLevels, TOKENS_PER_REPLY, type Contender } from "../streaming/levels.js";
import { closeConnections, startProcesses, type Processes, type Target } from "../streaming/processes.js";
import { printIdle, printLevels, printLoggedErrors, printMethod, printSend, type StreamingResults } from "../streaming/report.js";
import { runScenario, serverClock, type RunContext } from "../streaming/scenario.js";
import { measureSendToFirstToken } from "../streaming/send-latency.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";
import { checkTargets, printTargets } from "../streaming/targets.js";

const CONNECTIONS = 1_000;
const PRIMERS = 20;

/**
 * A few untimed bursts on each server, so that neither pays for loading and compiling code
 * in the measured runs; on connections of their own, closed afterwards.
 */
async function warmUp(context: RunContext, primers: Map<Target, StreamConnection[]>) {
  for (const [target, connections] of primers) {
    for (let run = 0; run < 3; run++) {
      const plan = { tag: `warm${target.id}${run}`, streams: connections.length, tokens: TOKENS_PER_REPLY, together: true };
      await runScenario(target, connections, context, plan);
    }
    await closeConnections(connections);
  }
}

/**
 * Idle memory first, on fresh processes that already hold the benchmark's connections (so that
 * neither server hides new connections in memory freed by earlier streaming); then the rest.
 */
async function measure(processes: Processes, contenders: Contender[]): Promise<StreamingResults> {
  const clock = await processes.upstream.checkClock();
  const context: RunContext = { upstream: processes.upstream, upstreamOffsetMs: clock.offsetMs };
  let started = performance.now();
  const primers = new Map<Target, StreamConnection[]>();
  for (const target of [processes.bare, processes.parley]) {
    primers.set(target, await openSubscribed(target, 2 * CONNECTIONS, PRIMERS));
    contenders.push({ target, connections: await openSubscribed(target, 0, CONNECTIONS) });
  }
  const bare = await measureIdleConnections(processes.bare, CONNECTIONS, CONNECTIONS);
  const parley = await measureIdleConnections(processes.parley, CONNECTIONS, CONNECTIONS);
  progress(`idle connections`, started);
  started = performance.now();
  await warmUp(context, primers);
  progress("warm-up", started);
  started = performance.now();
  const parleyConnections = contenders.find((contender) => contender.target === processes.parley)?.connections ?? [];
  const bareConnections = contenders.find((contender) => contender.target === processes.bare)?.connections ?? [];
  const baseline = {
    bare: bareConnections,
    writes: processes.bareWrites,
    sessionIds: processes.sessionIds.slice(-220),
  };
  const send = await measureSendToFirstToken(parleyConnections, processes.upstream, { warmup: 20, iterations: 200 }, baseline);
  progress("send → first token", started, send.errors.length);
  const levels = await runLevels(contenders, context);
  const [parleyLogged, bareLogged] = await Promise.all([
    processes.parley.server.call("loggedErrors"),
    processes.bare.server.call("loggedErrors"),
  ]);
  const serverClocks = { parley: await serverClock(processes.parley), bare: await serverClock(processes.bare) };
  return { clock, serverClocks, levels, idle: { bare, parley }, send, logged: { parley: parleyLogged, bare: bareLogged } };
}

export const benchmark: Benchmark = {
  name: `Streaming: 1, 100 and 1,000 concurrent replies of ${TOKENS_PER_REPLY} tokens, Parley against a bare ws relay`,
  async run() {
    const loadBefore = loadavg()[0] ?? 0;
    const processes = await startProcesses(2 * CONNECTIONS + PRIMERS);
    const contenders: Contender[] = [];
    try {
      const results = await measure(processes, contenders);
      printMethod(results, { loadBefore, loadAfter: loadavg()[0] ?? 0 });
      printLevels(results.levels);
      console.log();
      printIdle(results.idle);
      console.log();
      printSend(results.send);
      console.log();
      printLoggedErrors(results.logged);
      console.log();
      const checks = checkTargets(results);
      printTargets(checks);
      return { passed: checks.every((check) => check.passed) };
    } finally {
      for (const contender of contenders) await closeConnections(contender.connections);
      await processes.stop();
    }
  },
};
