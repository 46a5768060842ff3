import { Prisma } from "@parley/db";
import type { Db } from "../../../db/as-user.js";
import { money, optional, ratio, time } from "../output.js";

interface TotalsRow {
  id: number;
  label: string;
  kind: string;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  starting_capital: number;
  model_version: number | null;
  fills: number;
  realized: number;
  fees: number;
  closing: number;
  wins: number;
  win_total: number;
  losses: number;
  loss_total: number;
}

/**
 * Each run's figures summed from its trigger-kept per-day aggregates (`run_days`), never by
 * replaying fills: one statement for all of a model's runs. Read as the user, so RLS applies
 * on top of the model and owner filter. `runIds` narrows it to those runs.
 */
export async function queryRunFigures(tx: Db, scope: { modelId: number; userId: string }, runIds?: readonly number[]) {
  const only = runIds ? Prisma.sql`AND r.id IN (${Prisma.join(runIds)})` : Prisma.empty;
  const rows = await tx.$queryRaw<TotalsRow[]>`
    SELECT r.id, r.label, r.kind::text AS kind, r.status::text AS status, r.started_at, r.ended_at,
           r.starting_capital::float8 AS starting_capital, r.model_version,
           coalesce(sum(d.fill_count), 0)::int AS fills, coalesce(sum(d.realized_pnl), 0)::float8 AS realized,
           coalesce(sum(d.fees), 0)::float8 AS fees, coalesce(sum(d.closing_count), 0)::int AS closing,
           coalesce(sum(d.win_count), 0)::int AS wins, coalesce(sum(d.win_total), 0)::float8 AS win_total,
           coalesce(sum(d.loss_count), 0)::int AS losses, coalesce(sum(d.loss_total), 0)::float8 AS loss_total
      FROM trading_runs r LEFT JOIN run_days d ON d.run_id = r.id
     WHERE r.model_id = ${scope.modelId} AND r.user_id = ${scope.userId}::uuid ${only}
     GROUP BY r.id`;
  return rows.map(toRunFigures);
}

/**
 * The symbols each run traded, from its days' per-symbol totals. Parsing those costs more than
 * every sum above (500 runs: ~180 of list_runs' ~210 ms), so it is asked only for the runs shown.
 */
export async function withSymbols(tx: Db, runs: readonly RunFigures[]): Promise<RunTotals[]> {
  if (!runs.length) return [];
  const rows = await tx.$queryRaw<Array<{ run_id: number; symbols: string[] }>>`
    SELECT d.run_id, array_agg(DISTINCT s ORDER BY s) AS symbols
      FROM run_days d, json_object_keys(d.symbol_totals) s
     WHERE d.run_id IN (${Prisma.join(runs.map((run) => run.runId))})
     GROUP BY d.run_id`;
  const symbols = new Map(rows.map((row) => [row.run_id, row.symbols]));
  return runs.map((run) => ({ ...run, symbols: symbols.get(run.runId) ?? [] }));
}

/** Figures and symbols of a model's runs (or of `runIds`). */
export async function queryRunTotals(tx: Db, scope: { modelId: number; userId: string }, runIds?: readonly number[]) {
  return withSymbols(tx, await queryRunFigures(tx, scope, runIds));
}

function toRunFigures(row: TotalsRow) {
  const netPnl = row.realized - row.fees;
  return {
    runId: row.id,
    label: row.label,
    kind: row.kind,
    status: row.status,
    startedAt: time(row.started_at),
    endedAt: row.ended_at && time(row.ended_at),
    startingCapital: money(row.starting_capital),
    configurationVersion: row.model_version,
    fillCount: row.fills,
    realizedPnl: money(row.realized),
    fees: money(row.fees),
    netRealizedPnl: money(netPnl),
    netReturn: optional(ratio)(row.starting_capital > 0 ? netPnl / row.starting_capital : null),
    closingFillCount: row.closing,
    winRate: optional(ratio)(row.closing ? row.wins / row.closing : null),
    profitFactor: optional(ratio)(row.losses ? row.win_total / Math.abs(row.loss_total) : null),
    averageWin: optional(money)(row.wins ? row.win_total / row.wins : null),
    averageLoss: optional(money)(row.losses ? row.loss_total / row.losses : null),
  };
}

export type RunFigures = ReturnType<typeof toRunFigures>;
export type RunTotals = RunFigures & { symbols: string[] };
