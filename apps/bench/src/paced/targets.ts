import { formatTable, ms } from "../stats.js";
import { redisCost } from "./report.js";
import type { PacedResult } from "./run.js";

export interface PacedCheck {
  target: string;
  measured: string;
  passed: boolean;
}

/** The frame bound (ms): a delta waits at most one frame before it leaves. */
export const FRAME_BOUND_MS = 50;

const cpuPerToken = (result: PacedResult) => result.cpuUs.reduce((sum, cpu) => sum + cpu.us, 0) / result.tokens;

export function checkPaced(
  results: PacedResult[],
  labels: { bare: string; inProcess: string; batched: string; cluster: string },
  streams: number,
  secondsPerStream: number,
): PacedCheck[] {
  const at = (label: string) => results.find((r) => r.label === label && r.streams === streams);
  const [bare, inProcess, batched, cluster] = [at(labels.bare), at(labels.inProcess), at(labels.batched), at(labels.cluster)];
  if (!bare || !inProcess || !batched || !cluster) return [{ target: `results at N = ${streams}`, measured: "missing", passed: false }];
  const carried = redisCost(batched, secondsPerStream).streamsCarried;
  const cpuRatio = cpuPerToken(batched) / cpuPerToken(inProcess);
  const bound = bare.delay.p95 + FRAME_BOUND_MS;
  const growth = redisCost(cluster, secondsPerStream).streamsCarried / carried;
  const parley = results.filter((r) => r.label !== labels.bare);
  const broken = parley.reduce((sum, r) => sum + r.lost + r.duplicated + r.errors.length, 0);
  const n = streams.toLocaleString("en");
  return [
    {
      target: `one Redis core carries ≥ 5,000 paced streams (batched, N = ${n})`,
      measured: Math.round(carried).toLocaleString("en"),
      passed: carried >= 5_000,
    },
    { target: `Parley CPU/token over Redis ≤ 1.5× in-process (N = ${n})`, measured: `${cpuRatio.toFixed(2)}×`, passed: cpuRatio <= 1.5 },
    {
      target: `chunk→client p95 over Redis ≤ bare's + one frame (${FRAME_BOUND_MS} ms)`,
      measured: `${ms(batched.delay.p95)} ms against ${ms(bound)} ms`,
      passed: batched.delay.p95 <= bound,
    },
    { target: `3 cluster masters carry ≥ 2× one Redis (N = ${n})`, measured: `${growth.toFixed(2)}×`, passed: growth >= 2 },
    { target: "no token lost or doubled, no error (every Parley run)", measured: String(broken), passed: broken === 0 },
  ];
}

export function printPacedTargets(checks: PacedCheck[]): void {
  console.log(
    formatTable(
      ["target", "measured", "result"],
      checks.map((c) => [c.target, c.measured, c.passed ? "PASS" : "FAIL"]),
    ),
  );
}
