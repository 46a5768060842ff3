import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound } from "../errors.js";
import { checkFillRows, describeRowErrors } from "./fill-checks.js";
import { insertFills, lockRun, storedByFillId, storedFrom, sumsBefore, updateOutcomes, type LockedRun } from "./fill-store.js";
import { positionFromSums, replayMerged, type ReplayItem, type ReplayOutcome } from "./replay-merge.js";
import type { FillInput } from "./write-schemas.js";

/** A run that still takes fills and marks, locked for this transaction. */
export async function lockRunningRun(tx: Db, actor: Actor, runId: number): Promise<LockedRun> {
  const run = await lockRun(tx, runId, actor.id);
  if (!run) throw notFound("Run");
  if (run.status !== "running") throw new AppError("RUN_FINISHED", `Run ${runId} is ${run.status}: it takes no more fills or marks`);
  return run;
}

/**
 * One batch, in one transaction: all its fills land or none. Fills already stored under the same
 * fillId are skipped (a retried batch adds nothing twice); the new ones get their realized P&L by
 * replaying each symbol from the earliest new fill on, which also corrects stored fills that a
 * late fill now precedes. Figures therefore do not depend on the order batches arrive in.
 */
export async function appendFills(tx: Db, actor: Actor, input: { runId: number; fills: FillInput[] }, now: Date) {
  const run = await lockRunningRun(tx, actor, input.runId);
  const stored = new Map(
    (
      await storedByFillId(
        tx,
        run.id,
        input.fills.map((f) => f.fillId),
      )
    ).map((row) => [row.fill_id, row]),
  );
  const rowErrors = checkFillRows(input.fills, { startedAt: run.started_at, now, stored });
  if (rowErrors.length) {
    throw new AppError("INVALID_INPUT", describeRowErrors(rowErrors, input.fills.length), { rowErrors });
  }
  const fresh = input.fills.filter((fill) => !stored.has(fill.fillId));
  const { rows, changed } = fresh.length ? await replayBatch(tx, run.id, fresh) : { rows: [], changed: [] };
  if (rows.length) await insertFills(tx, run.id, rows);
  await updateOutcomes(tx, changed);
  return {
    runId: run.id,
    received: input.fills.length,
    inserted: rows.length,
    duplicates: input.fills.length - fresh.length,
    recomputed: changed.length,
  };
}

/** The new fills in replay order with what each realized, and the stored fills to correct. */
async function replayBatch(tx: Db, runId: number, fills: readonly FillInput[]) {
  const items = fills
    .map((fill): ReplayItem & { fill: FillInput } => ({ fill, storedId: null, ...fill, executedAt: new Date(fill.executedAt) }))
    .sort((a, b) => a.executedAt.getTime() - b.executedAt.getTime());
  const bySymbol = new Map<string, typeof items>();
  for (const item of items) {
    const list = bySymbol.get(item.fill.symbol);
    if (list) list.push(item);
    else bySymbol.set(item.fill.symbol, [item]);
  }
  const from = new Map([...bySymbol].map(([symbol, list]) => [symbol, list[0]?.executedAt ?? new Date(0)]));
  const [sums, { bySymbol: storedLater, sameDay }] = await Promise.all([sumsBefore(tx, runId, from), storedFrom(tx, runId, from)]);
  // sumsBefore counts from's whole day; what its stored fills at or after `from` added comes off.
  const startOf = new Map(
    sums.map((row) => {
      const later = sameDay.get(row.symbol);
      return [row.symbol, positionFromSums(row.quantity - (later?.quantity ?? 0), row.basis - (later?.basis ?? 0))];
    }),
  );
  const outcomes = new Map<ReplayItem, ReplayOutcome>();
  const changed: Array<{ id: number } & ReplayOutcome> = [];
  for (const [symbol, list] of bySymbol) {
    const replay = replayMerged(startOf.get(symbol) ?? { quantity: 0, averagePrice: 0 }, storedLater.get(symbol) ?? [], list);
    list.forEach((item, index) => outcomes.set(item, replay.fresh[index] ?? { realizedPnl: 0, closedQuantity: 0 }));
    changed.push(...replay.changed);
  }
  const rows = items.map((item) => ({ fill: item.fill, outcome: outcomes.get(item) ?? { realizedPnl: 0, closedQuantity: 0 } }));
  return { rows, changed };
}
