import { formatTable } from "../stats.js";
import type { LevelResult } from "./levels.js";
import type { StreamingResults } from "./report.js";

export interface TargetCheck {
  target: string;
  measured: string;
  passed: boolean;
}

function level(results: StreamingResults, label: string, streams: number): LevelResult {
  const found = results.levels.find((result) => result.label === label && result.streams === streams);
  if (!found) throw new Error(`no ${label} result for ${streams} streams`);
  return found;
}

function throughputCheck(results: StreamingResults, streams: number): TargetCheck {
  const ratio = level(results, "Parley", streams).tokensPerSecond / level(results, "bare ws", streams).tokensPerSecond;
  return {
    target: `tokens/s ≥ 1.5× bare at ${streams.toLocaleString("en")} streams`,
    measured: `${ratio.toFixed(2)}×`,
    passed: ratio >= 1.5,
  };
}

function cleanCheck(results: StreamingResults, streams: number): TargetCheck {
  const { errors, lostTokens, serverErrors } = level(results, "Parley", streams);
  return {
    target: `${streams.toLocaleString("en")} streams: no error, no lost token`,
    measured: `${errors.length} client errors, ${serverErrors} logged, ${lostTokens.toLocaleString("en")} lost`,
    passed: errors.length === 0 && serverErrors === 0 && lostTokens === 0,
  };
}

export function checkTargets(results: StreamingResults): TargetCheck[] {
  // Ratios to the bare relay measured in the same run: absolute times on a shared machine are not stable.
  const latency = level(results, "Parley", 100).firstToken.p95;
  const bareLatency = level(results, "bare ws", 100).firstToken.p95;
  const { parley, bare } = results.idle;
  const memory = parley.rssPerConnection / bare.rssPerConnection;
  // RSS that fell while connections were opened means the reading is unusable, not a pass.
  const memoryValid = parley.rssPerConnection > 0 && bare.rssPerConnection > 0;
  const send = results.send.summary.p95;
  return [
    throughputCheck(results, 100),
    throughputCheck(results, 1_000),
    {
      target: "first-token p95 ≤ 0.7× bare at 100 streams",
      measured: `${(latency / bareLatency).toFixed(2)}× (${latency.toFixed(2)} ms against ${bareLatency.toFixed(2)} ms)`,
      passed: latency <= 0.7 * bareLatency,
    },
    cleanCheck(results, 1_000),
    {
      target: "RSS per idle connection ≤ 2× bare",
      measured: memoryValid ? `${memory.toFixed(2)}×` : "invalid (RSS fell)",
      passed: memoryValid && memory <= 2,
    },
    {
      target: "send → first token p95 ≤ 2× the bare writes-and-relay baseline",
      measured: `${(send / results.send.baseline.p95).toFixed(2)}× (${send.toFixed(2)} ms against ${results.send.baseline.p95.toFixed(2)} ms)`,
      passed: send <= 2 * results.send.baseline.p95 && results.send.errors.length === 0,
    },
  ];
}

export function printTargets(checks: TargetCheck[]): void {
  const rows = checks.map((check) => [check.target, check.measured, check.passed ? "PASS" : "FAIL"]);
  console.log(formatTable(["target", "measured", "result"], rows));
}
