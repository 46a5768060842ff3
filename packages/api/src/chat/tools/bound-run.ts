import type { Db } from "../../db/as-user.js";
import { ToolInputError } from "./tool.js";

/** The run a toolbox is bound to, as the tools read it. */
export interface BoundRun {
  id: number;
  modelId: number;
  status: "running" | "completed" | "stopped" | "failed";
  /** A backtest's fill times are simulated history; paper and live fills happen when stamped. */
  kind: "backtest" | "paper" | "live";
  startedAt: Date;
  endedAt: Date | null;
  /** The moment the figures are for: the run's end, or now for a run still going. */
  asOf: Date;
  startingCapital: number;
}

interface RunRow {
  id: number;
  model_id: number;
  status: BoundRun["status"];
  kind: BoundRun["kind"];
  started_at: Date;
  ended_at: Date | null;
  starting_capital: number;
}

/**
 * The run, read again on every call (it may have ended since), and only if it belongs to the
 * user: row-level security already hides other users' runs, and the query asks for the owner too.
 */
export async function loadBoundRun(tx: Db, scope: { runId: number; userId: string }, now: Date): Promise<BoundRun> {
  const [row] = await tx.$queryRaw<RunRow[]>`
    SELECT id, model_id, status, kind::text AS kind, started_at, ended_at, starting_capital::float8 AS starting_capital
      FROM trading_runs WHERE id = ${scope.runId} AND user_id = ${scope.userId}::uuid`;
  if (!row) throw new ToolInputError("This conversation's run no longer exists");
  const end = row.ended_at ?? now;
  return {
    id: row.id,
    modelId: row.model_id,
    status: row.status,
    kind: row.kind,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    asOf: end.getTime() < row.started_at.getTime() ? row.started_at : end,
    startingCapital: row.starting_capital,
  };
}

/** The latest fill a read as of `asOf` includes, or null before the first. */
export async function lastFillTime(tx: Db, runId: number, asOf: Date): Promise<Date | null> {
  const [row] = await tx.$queryRaw<Array<{ at: Date | null }>>`
    SELECT max(executed_at) AS at FROM trades WHERE run_id = ${runId} AND executed_at <= ${asOf}`;
  return row?.at ?? null;
}
