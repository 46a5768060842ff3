import { summarize, type Summary } from "../stats.js";
import { busyOf, sumCpu, type Busy } from "./cpu-snapshot.js";
import type { Target } from "./processes.js";
import { runScenario, type RunContext, type ScenarioRun } from "./scenario.js";
import type { StreamConnection } from "./stream-tracker.js";

export const TOKENS_PER_REPLY = 300;

/** Runs per concurrency level: single streams are short, so they need more runs to sample. */
export const LEVELS = [
  { streams: 1, runs: 30 },
  { streams: 100, runs: 9 },
  { streams: 1_000, runs: 2 },
];

export interface Contender {
  target: Target;
  connections: StreamConnection[];
}

/** One server at one level, over all its runs. */
export interface LevelResult {
  label: string;
  streams: number;
  runs: number;
  /** Median over the runs. */
  tokensPerSecond: number;
  firstToken: Summary;
  /** Server CPU per token delivered, from the release to the end of the replies. */
  cpuPerTokenUs: number;
  /** Server CPU per reply before its tokens flowed (Parley: the send and the reply's setup). */
  setupCpuPerReplyMs: number;
  /** Over the relay phases. */
  busy: Busy;
  tokensSent: number;
  lostTokens: number;
  errors: string[];
  serverErrors: number;
}

/** Progress goes to stderr, so the results on stdout stay a clean report. */
export function progress(step: string, startedAt: number, errors = 0): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stderr.write(`  … ${step}: ${seconds} s${errors ? `, ${errors} errors` : ""}\n`);
}

function median(values: number[]): number {
  return summarize(values).p50;
}

export function aggregate(label: string, runs: ScenarioRun[]): LevelResult {
  const relay = sumCpu(runs.map((run) => run.relay));
  const setup = sumCpu(runs.map((run) => run.setup));
  const sum = (pick: (run: ScenarioRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    label,
    streams: runs[0]?.streams ?? 0,
    runs: runs.length,
    tokensPerSecond: median(runs.map((run) => run.tokensReceived / (run.windowMs / 1000))),
    firstToken: summarize(runs.flatMap((run) => run.firstTokenMs)),
    cpuPerTokenUs: relay.server / sum((run) => run.tokensReceived),
    setupCpuPerReplyMs: setup.server / 1000 / sum((run) => run.streams),
    busy: busyOf(relay),
    tokensSent: sum((run) => run.tokensSent),
    lostTokens: sum((run) => run.lostTokens),
    errors: runs.flatMap((run) => run.errors),
    serverErrors: sum((run) => run.serverErrors),
  };
}

/** Every level, the servers taking turns (which goes first alternates, so drift hits both alike). */
export async function runLevels(contenders: Contender[], context: RunContext): Promise<LevelResult[]> {
  const results: LevelResult[] = [];
  for (const level of LEVELS) {
    const runs = new Map<Contender, ScenarioRun[]>(contenders.map((contender) => [contender, []]));
    for (let run = 0; run < level.runs; run++) {
      const order = run % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        const tag = `${contender.target.id}${level.streams}r${run}`;
        const plan = { tag, streams: level.streams, tokens: TOKENS_PER_REPLY, together: true };
        const started = performance.now();
        const result = await runScenario(contender.target, contender.connections, context, plan);
        runs.get(contender)?.push(result);
        progress(`${contender.target.label} ×${level.streams} run ${run + 1}/${level.runs}`, started, result.errors.length);
      }
    }
    for (const [contender, levelRuns] of runs) results.push(aggregate(contender.target.label, levelRuns));
  }
  return results;
}
