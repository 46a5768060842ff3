import { z } from "zod";
import type { Db } from "../../../db/as-user.js";
import { describeChanges, diffConfigs, type VersionConfig } from "../../../models/config-diff.js";
import { loadBoundRun } from "../bound-run.js";
import { getRunOverview } from "../get-run-overview.js";
import { money, ratio } from "../output.js";
import { ToolInputError, type Read } from "../tool.js";
import { defineModelTool, type ModelScope } from "./model-tool.js";
import { queryRunTotals, type RunTotals } from "./run-totals.js";

/** The overview's figures compared, as get_run_overview computes them (same code). */
const COMPARED = [
  "totalPnl",
  "realizedPnl",
  "unrealizedPnl",
  "totalFees",
  "winRate",
  "profitFactor",
  "maxDrawdown",
  "sharpeRatio",
  "fillCount",
] as const;
type Overview = Record<(typeof COMPARED)[number], number | null>;

export const compareRuns = defineModelTool({
  name: "compare_runs",
  description:
    "Compares 2 to 4 runs of this trading model: each run's headline figures (as get_run_overview computes them), " +
    "the difference of each figure from the first run, what changed in the configuration between their versions, and " +
    "warnings when they are not comparable (different periods, starting capital, symbols or kinds). Without runIds: " +
    "the two most recent runs.",
  input: z.strictObject({
    runIds: z.array(z.number().int().positive()).min(2).max(4).optional().describe("Run ids, the baseline first."),
  }),
  async run(read, scope, input) {
    const runIds = input.runIds ?? (await latestRunIds(read, scope));
    if (new Set(runIds).size !== runIds.length) throw new ToolInputError("runIds: each run at most once");
    const totals = await read((tx) => queryRunTotals(tx, scope, runIds));
    const byId = new Map(totals.map((run) => [run.runId, run]));
    const missing = runIds.filter((id) => !byId.has(id));
    if (missing.length)
      throw new ToolInputError(`No run ${missing.map((id) => `#${id}`).join(", ")} in this model (list_runs lists its runs)`);
    const ordered = runIds.flatMap((id) => byId.get(id) ?? []);
    const overviews = await Promise.all(ordered.map((run) => overviewOf(read, scope, run.runId)));
    const versions = await read((tx) => versionConfigs(tx, scope.modelId));
    return {
      runs: ordered.map((run, index) => ({ ...describeRun(run), figures: overviews[index] })),
      deltasFromFirst: overviews.slice(1).map((figures, index) => ({ runId: ordered[index + 1]?.runId, ...deltas(overviews[0], figures) })),
      configurationChanges: ordered.slice(1).map((run) => configChange(versions, ordered[0], run)),
      warnings: comparabilityWarnings(ordered),
    };
  },
});

async function latestRunIds(read: Read, scope: ModelScope): Promise<number[]> {
  const rows = await read(
    (tx) => tx.$queryRaw<Array<{ id: number }>>`
    SELECT id FROM trading_runs WHERE model_id = ${scope.modelId} AND user_id = ${scope.userId}::uuid ORDER BY started_at DESC, id DESC LIMIT 2`,
  );
  if (rows.length < 2) throw new ToolInputError("This model has fewer than two runs: nothing to compare");
  return rows.map((row) => row.id).reverse();
}

async function overviewOf(read: Read, scope: ModelScope, runId: number): Promise<Overview> {
  const run = await read((tx) => loadBoundRun(tx, { runId, userId: scope.userId }, new Date()));
  const prepared = getRunOverview.prepare({});
  if (!prepared.ok) throw new Error(prepared.error);
  const overview = (await prepared.work(read, run)) as Overview;
  return Object.fromEntries(COMPARED.map((key) => [key, overview[key]])) as Overview;
}

function describeRun(run: RunTotals) {
  const { runId, label, kind, status, startedAt, endedAt, startingCapital, configurationVersion, symbols } = run;
  return { runId, label, kind, status, startedAt, endedAt, startingCapital, configurationVersion, symbols };
}

function deltas(base: Overview | undefined, other: Overview) {
  return Object.fromEntries(
    COMPARED.map((key) => {
      const [from, to] = [base?.[key] ?? null, other[key]];
      const round = key === "winRate" || key === "profitFactor" || key === "sharpeRatio" ? ratio : money;
      return [key, from === null || to === null ? null : round(to - from)];
    }),
  );
}

async function versionConfigs(tx: Db, modelId: number) {
  const rows = await tx.$queryRaw<Array<{ version: number; config: Partial<VersionConfig> }>>`
    SELECT version, config FROM model_versions WHERE model_id = ${modelId}`;
  return new Map(rows.map((row) => [row.version, row.config]));
}

function configChange(versions: Map<number, Partial<VersionConfig>>, base: RunTotals | undefined, run: RunTotals) {
  const [from, to] = [base?.configurationVersion ?? null, run.configurationVersion];
  const before = from === null ? undefined : versions.get(from);
  const after = to === null ? undefined : versions.get(to);
  const changes = before && after ? diffConfigs(before, after) : [];
  return {
    runId: run.runId,
    fromVersion: from,
    toVersion: to,
    changes,
    summary: before && after ? describeChanges(changes) : "version not recorded",
  };
}

/** Why figures of these runs may not be comparable side by side. */
export function comparabilityWarnings(runs: readonly RunTotals[]): string[] {
  const differ = (value: (run: RunTotals) => string) => new Set(runs.map(value)).size > 1;
  const listed = (value: (run: RunTotals) => string) => runs.map((run) => `#${run.runId} ${value(run)}`).join(", ");
  const period = (run: RunTotals) => `${run.startedAt} to ${run.endedAt ?? "now"}`;
  const warnings: string[] = [];
  if (differ(period)) warnings.push(`Different periods: ${listed(period)}`);
  if (differ((run) => String(run.startingCapital)))
    warnings.push(`Different starting capital: ${listed((run) => String(run.startingCapital))}`);
  if (differ((run) => run.symbols.join(","))) warnings.push(`Different symbols: ${listed((run) => run.symbols.join(" ") || "none")}`);
  if (differ((run) => run.kind)) warnings.push(`Different kinds: ${listed((run) => run.kind)}`);
  return warnings;
}
