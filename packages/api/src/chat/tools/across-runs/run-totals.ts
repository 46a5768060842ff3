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
  symbols: string[];
}

/**
 * Each run's totals summed from its trigger-kept per-day aggregates (`run_days`), never by
 * replaying fills: one statement for all of a model's runs. Read as the user, so RLS applies
 * on top of the model and owner filter. `runIds` narrows it to those runs.
 */
export async function queryRunTotals(tx: Db, scope: { modelId: number; userId: string }, runIds?: readonly number[]) {
  const only = runIds ? Prisma.sql`AND r.id IN (${Prisma.join(runIds)})` : Prisma.empty;
  const rows = await tx.$queryRaw<TotalsRow[]>`
    SELECT r.id, r.label, r.kind::text AS kind, r.status::text AS status, r.started_at, r.ended_at,
           r.starting_capital::float8 AS starting_capital, r.model_version,
           coalesce(sum(d.fill_count), 0)::int AS fills, coalesce(sum(d.realized_pnl), 0)::float8 AS realized,
           coalesce(sum(d.fees), 0)::float8 AS fees, coalesce(sum(d.closing_count), 0)::int AS closing,
           coalesce(sum(d.win_count), 0)::int AS wins, coalesce(sum(d.win_total), 0)::float8 AS win_total,
           coalesce(sum(d.loss_count), 0)::int AS losses, coalesce(sum(d.loss_total), 0)::float8 AS loss_total,
           coalesce((SELECT array_agg(DISTINCT s ORDER BY s) FROM run_days d2, json_object_keys(d2.symbol_totals) s
                      WHERE d2.run_id = r.id), '{}') AS symbols
      FROM trading_runs r LEFT JOIN run_days d ON d.run_id = r.id
     WHERE r.model_id = ${scope.modelId} AND r.user_id = ${scope.userId}::uuid ${only}
     GROUP BY r.id`;
  return rows.map(toRunTotals);
}

function toRunTotals(row: TotalsRow) {
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
    symbols: row.symbols,
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

export type RunTotals = ReturnType<typeof toRunTotals>;
