import { loadavg } from "node:os";
import type { Benchmark } from "../benchmark.js";
import { startChild, type Child } from "../streaming/child-process.js";
import { TOKENS_PER_REPLY } from "../streaming/levels.js";
import type { UpstreamApi } from "../streaming/upstream-api.js";
import { loggedErrors, startInProcess, startOverRedis, type Deployment } from "../scale-out/deployments.js";
import { printLogged, printMethod, printRedis, printResults, printTargets } from "../scale-out/report.js";
import { contender, runAll, type Contender, type RunPlan } from "../scale-out/runs.js";
import { checkTargets } from "../scale-out/targets.js";

const PLAN: RunPlan = { streams: 1_000, tokens: TOKENS_PER_REPLY, runs: 3, warmUpStreams: [200, 1_000] };

async function measure(deployments: Deployment[], contenders: Contender[], upstream: Child<UpstreamApi>) {
  for (const deployment of deployments) contenders.push(await contender(deployment, upstream, PLAN.streams));
  const [inProcess, overRedis] = await runAll(contenders, PLAN);
  if (!inProcess || !overRedis) throw new Error("a deployment has no results");
  const logged = await Promise.all(
    deployments.map(async (deployment) => ({ label: deployment.label, errors: await loggedErrors(deployment) })),
  );
  return { clocks: contenders.flatMap((one) => one.clocks), compared: { inProcess, overRedis }, logged };
}

export const benchmark: Benchmark = {
  name: `Scale-out: ${PLAN.streams.toLocaleString("en")} concurrent replies of ${PLAN.tokens} tokens, one instance in-process against two over Redis`,
  async run() {
    const loadBefore = loadavg()[0] ?? 0;
    const upstream = await startChild<UpstreamApi>("upstream", new URL("../streaming/upstream-entry.ts", import.meta.url));
    const deployments: Deployment[] = [];
    const contenders: Contender[] = [];
    try {
      deployments.push(await startInProcess(String(upstream.ready), PLAN.streams));
      deployments.push(await startOverRedis(String(upstream.ready), PLAN.streams));
      const { clocks, compared, logged } = await measure(deployments, contenders, upstream.child);
      printMethod(PLAN, clocks, [loadBefore, loadavg()[0] ?? 0]);
      printResults(compared);
      console.log();
      printRedis(compared);
      console.log();
      printLogged(logged);
      console.log();
      const checks = checkTargets(compared);
      printTargets(checks);
      return { passed: checks.every((check) => check.passed) };
    } finally {
      for (const { connections } of contenders) await Promise.all(connections.map((connection) => connection.close()));
      for (const deployment of deployments) await deployment.stop();
      await upstream.child.stop();
    }
  },
};
