import { Prisma } from "@parley/db";
import { z } from "zod";
import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";

export const runStatuses = ["running", "completed", "stopped", "failed"] as const;

export const runOutput = z.object({
  id: z.number().int(),
  modelId: z.number().int(),
  label: z.string(),
  kind: z.enum(["backtest", "paper", "live"]),
  status: z.enum(runStatuses),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  startingCapital: z.number(),
  headline: z.object({
    fills: z.number().int(),
    symbols: z.number().int(),
    realizedPnl: z.number(),
    fees: z.number(),
    netRealizedPnl: z.number(),
  }),
});
export type RunOutput = z.infer<typeof runOutput>;

interface RunRow {
  id: number;
  model_id: number;
  label: string;
  kind: RunOutput["kind"];
  status: RunOutput["status"];
  started_at: Date;
  ended_at: Date | null;
  starting_capital: Prisma.Decimal;
  fills: number;
  symbols: number;
  realized: Prisma.Decimal | null;
  fees: Prisma.Decimal | null;
}

export function toRunOutput(row: RunRow): RunOutput {
  const realized = row.realized ?? new Prisma.Decimal(0);
  const fees = row.fees ?? new Prisma.Decimal(0);
  return {
    id: row.id,
    modelId: row.model_id,
    label: row.label,
    kind: row.kind,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    startingCapital: row.starting_capital.toNumber(),
    headline: {
      fills: row.fills,
      symbols: row.symbols,
      realizedPnl: realized.toNumber(),
      fees: fees.toNumber(),
      // Subtracted as decimals: in floating point, 0.30 - 0.10 is 0.19999999999999998.
      netRealizedPnl: realized.minus(fees).toNumber(),
    },
  };
}

/** Runs with their headline figures, aggregated in one query. Callers scope `where` to an owner. */
export async function queryRuns(tx: Db, where: Prisma.Sql) {
  return tx.$queryRaw<RunRow[]>`
    SELECT r.id, r.model_id, r.label, r.kind, r.status, r.started_at, r.ended_at, r.starting_capital,
           count(t.id)::int AS fills, count(DISTINCT t.symbol)::int AS symbols,
           sum(t.realized_pnl) AS realized, sum(t.fees) AS fees
      FROM trading_runs r
      LEFT JOIN trades t ON t.run_id = r.id
     WHERE ${where}
     GROUP BY r.id
     ORDER BY r.started_at DESC, r.id DESC`;
}

export async function listRuns(tx: Db, actor: Actor, modelId: number) {
  const model = await tx.tradingModel.findFirst({ where: { id: modelId, userId: actor.id }, select: { id: true } });
  if (!model) throw notFound("Model");
  return (await queryRuns(tx, Prisma.sql`r.user_id = ${actor.id}::uuid AND r.model_id = ${modelId}`)).map(toRunOutput);
}

export async function getRun(tx: Db, actor: Actor, input: { modelId: number; runId: number }) {
  const [row] = await queryRuns(tx, Prisma.sql`r.user_id = ${actor.id}::uuid AND r.id = ${input.runId} AND r.model_id = ${input.modelId}`);
  if (!row) throw notFound("Run");
  return toRunOutput(row);
}
