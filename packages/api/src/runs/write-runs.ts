import { Prisma } from "@parley/db";
import type { z } from "zod";
import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound, type RowError } from "../errors.js";
import { toModelOutput } from "../models/queries.js";
import { lockRunningRun } from "./append-fills.js";
import { CLOCK_SKEW_MS, describeRowErrors } from "./fill-checks.js";
import { getRun } from "./queries.js";
import type { createRunInput, finishRunInput, MarkInput } from "./write-schemas.js";

function refuse(message: string): never {
  throw new AppError("INVALID_INPUT", message);
}

/** A new running run of the user's model, with the model's configuration as it is now. */
export async function createRun(tx: Db, actor: Actor, input: z.output<typeof createRunInput>, now: Date) {
  const model = await tx.tradingModel.findFirst({ where: { id: input.modelId, userId: actor.id } });
  if (!model) throw notFound("Model");
  if (model.deletedAt) throw new AppError("MODEL_DELETED", "This model was deleted: it takes no new runs");
  const startedAt = input.period.start ? new Date(input.period.start) : now;
  const periodEnd = input.period.end ? new Date(input.period.end) : null;
  if (startedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) refuse("period.start: a run cannot start in the future");
  if (periodEnd && periodEnd.getTime() <= startedAt.getTime()) refuse("period.end: must be after period.start");
  const run = await tx.tradingRun.create({
    data: {
      modelId: model.id,
      userId: actor.id,
      label: input.label,
      kind: input.kind,
      startedAt,
      periodEnd,
      startingCapital: new Prisma.Decimal(input.startingCapital),
      settingsSnapshot: toModelOutput(model),
      parameters: input.parameters as Prisma.InputJsonObject,
    },
    select: { id: true },
  });
  return getRun(tx, actor, { modelId: model.id, runId: run.id });
}

/** Marks of open positions; a mark sent again for the same symbol and moment takes the new price. */
export async function recordMarks(tx: Db, actor: Actor, input: { runId: number; marks: MarkInput[] }) {
  const run = await lockRunningRun(tx, actor, input.runId);
  const rowErrors = checkMarkRows(input.marks, new Date());
  if (rowErrors.length) throw new AppError("INVALID_INPUT", describeRowErrors(rowErrors, input.marks.length, "marks"), { rowErrors });
  const [result] = await tx.$queryRaw<Array<{ inserted: number; updated: number }>>`
    WITH written AS (
      INSERT INTO price_marks (run_id, symbol, at, price)
      SELECT ${run.id}, m.symbol, m.at, m.price
        FROM unnest(${input.marks.map((m) => m.symbol)}::text[], ${input.marks.map((m) => m.at)}::timestamptz[],
                    ${input.marks.map((m) => m.price)}::numeric[]) AS m(symbol, at, price)
      ON CONFLICT (run_id, symbol, at) DO UPDATE SET price = excluded.price
      RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;
  return { runId: run.id, inserted: result?.inserted ?? 0, updated: result?.updated ?? 0 };
}

/** A symbol and moment twice in one batch would be ambiguous; a mark in the future is a mistake. */
function checkMarkRows(marks: readonly MarkInput[], now: Date): RowError[] {
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  marks.forEach((mark, index) => {
    const reasons: string[] = [];
    const at = new Date(mark.at).getTime();
    if (at > now.getTime() + CLOCK_SKEW_MS) reasons.push(`at ${mark.at} is in the future`);
    const key = `${mark.symbol}@${at}`;
    const first = seen.get(key);
    if (first !== undefined) reasons.push(`the same symbol and time as index ${first}`);
    else seen.set(key, index);
    if (reasons.length) errors.push({ index, reasons });
  });
  return errors;
}

/** Ends a running run; fills and marks are refused afterwards. Not before its start or its last fill. */
export async function finishRun(tx: Db, actor: Actor, input: z.output<typeof finishRunInput>, now: Date) {
  const run = await lockRunningRun(tx, actor, input.runId);
  const endedAt = input.endedAt ? new Date(input.endedAt) : now;
  if (endedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) refuse("endedAt: cannot be in the future");
  if (endedAt.getTime() < run.started_at.getTime()) refuse("endedAt: cannot be before the run started");
  const [last] = await tx.$queryRaw<Array<{ at: Date | null }>>`SELECT max(executed_at) AS at FROM trades WHERE run_id = ${run.id}`;
  if (last?.at && last.at.getTime() > endedAt.getTime()) refuse(`endedAt: the run has a fill at ${last.at.toISOString()}, after it`);
  const updated = await tx.tradingRun.update({ where: { id: run.id }, data: { status: input.status, endedAt }, select: { modelId: true } });
  return getRun(tx, actor, { modelId: updated.modelId, runId: run.id });
}
