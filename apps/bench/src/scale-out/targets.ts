import type { TargetCheck } from "../streaming/targets.js";
import type { DeploymentResult } from "./results.js";

export interface Compared {
  inProcess: DeploymentResult;
  overRedis: DeploymentResult;
}

/** Parley's CPU per delivered token over Redis (both instances) against in-process: the measure. */
export const cpuRatio = ({ inProcess, overRedis }: Compared) => overRedis.cpuPerTokenUs / inProcess.cpuPerTokenUs;

function clean(result: DeploymentResult): TargetCheck {
  const { errors, serverErrors, lostTokens } = result;
  return {
    target: `${result.label}: no error, no lost token`,
    measured: `${errors.length} client errors, ${serverErrors} logged, ${lostTokens.toLocaleString("en")} lost`,
    passed: errors.length === 0 && serverErrors === 0 && lostTokens === 0,
  };
}

/** The two targets, and that every token arrived (a fast run that loses tokens is no pass). */
export function checkTargets(compared: Compared): TargetCheck[] {
  const ratio = cpuRatio(compared);
  const p95 = compared.overRedis.firstToken.p95;
  return [
    { target: "Parley CPU per token over Redis ≤ 1.5× in-process", measured: `${ratio.toFixed(2)}×`, passed: ratio <= 1.5 },
    { target: "first-token p95 over Redis ≤ 5 ms", measured: `${p95.toFixed(2)} ms`, passed: p95 <= 5 },
    clean(compared.inProcess),
    clean(compared.overRedis),
  ];
}
