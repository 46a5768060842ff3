import type { Side } from "@parley/trading";
import type { Db } from "../db/as-user.js";
import type { FillInput } from "./write-schemas.js";
import type { ReplayItem, ReplayOutcome } from "./replay-merge.js";

// The statements of appendFills, each one round trip over the whole batch (arrays, not rows).

export interface LockedRun {
  id: number;
  status: "running" | "completed" | "stopped" | "failed";
  started_at: Date;
}

/**
 * The run, locked until the transaction ends: batches of one run are applied one after the
 * other (replay order follows commit order) and cannot race its finish. Owner filter and RLS.
 */
export async function lockRun(tx: Db, runId: number, userId: string): Promise<LockedRun | null> {
  const [run] = await tx.$queryRaw<LockedRun[]>`
    SELECT id, status, started_at FROM trading_runs WHERE id = ${runId} AND user_id = ${userId}::uuid FOR UPDATE`;
  return run ?? null;
}

export interface StoredTerms {
  fill_id: string;
  symbol: string;
  side: Side;
  quantity: number;
  price: number;
  fees: number;
  order_type: string;
  executed_at: Date;
}

/**
 * The fills of this run already stored under these producer ids (a retried batch): one probe of
 * the (run, producer id) unique index per id. Written as a fenced LATERAL (OFFSET 0) because a run
 * being filled always has stale statistics: planned as a plain `= ANY`, PostgreSQL took the run
 * for a few hundred rows and scanned all of its fills, ~40 ms a batch at 150,000 and growing.
 */
export function storedByFillId(tx: Db, runId: number, fillIds: string[]): Promise<StoredTerms[]> {
  return tx.$queryRaw<StoredTerms[]>`
    SELECT t.*
      FROM unnest(${fillIds}::text[]) AS w(fill_id)
     CROSS JOIN LATERAL (
           SELECT producer_fill_id AS fill_id, symbol, side, quantity::float8 AS quantity, price::float8 AS price,
                  fees::float8 AS fees, order_type::text AS order_type, executed_at
             FROM trades WHERE run_id = ${runId} AND producer_fill_id = w.fill_id OFFSET 0) AS t`;
}

interface SymbolSums {
  symbol: string;
  quantity: number;
  basis: number;
}

/**
 * Per symbol, the sums of run_days' holdings up to and including the day `from` falls in: the
 * position at the end of that day as stored. The caller takes off what that day's stored fills
 * at or after `from` added (storedFrom gives them), which leaves the position just before `from`.
 * Reading the day's fills instead cost a scan of all of them per batch (800 ms a batch with
 * 100,000 fills in a day, `pnpm bench ingest`), when batches arrive in order and there are none.
 */
export function sumsBefore(tx: Db, runId: number, from: Map<string, Date>): Promise<SymbolSums[]> {
  const symbols = [...from.keys()];
  const times = symbols.map((symbol) => from.get(symbol));
  return tx.$queryRaw<SymbolSums[]>`
    SELECT w.symbol, COALESCE(sum(((d.holdings -> w.symbol) ->> 0)::float8), 0) AS quantity,
           COALESCE(sum(((d.holdings -> w.symbol) ->> 1)::float8), 0) AS basis
      FROM unnest(${symbols}::text[], ${times}::timestamptz[]) AS w(symbol, from_at)
      LEFT JOIN run_days d ON d.run_id = ${runId} AND d.day_end <= run_day_end(w.from_at)
     GROUP BY w.symbol`;
}

interface StoredFillRow {
  id: number;
  symbol: string;
  side: Side;
  quantity: number;
  price: number;
  realized_pnl: number;
  closed_quantity: number;
  executed_at: Date;
  in_from_day: boolean;
}

export interface StoredFrom {
  /** Per symbol, the stored fills at or after `from`, which a late fill may change. */
  bySymbol: Map<string, ReplayItem[]>;
  /** Per symbol, what those of them in `from`'s own day add to that day's holdings (to take off sumsBefore). */
  sameDay: Map<string, SymbolSums>;
}

/**
 * Stored fills at or after `from` of each symbol, and what those in from's day sum to. One range
 * read of the (run, symbol, time) index per symbol, fenced like storedByFillId: as a plain join
 * the stale statistics of a run being filled made it scan the whole run (~120 ms at 150,000).
 */
export async function storedFrom(tx: Db, runId: number, from: Map<string, Date>): Promise<StoredFrom> {
  const symbols = [...from.keys()];
  const times = symbols.map((symbol) => from.get(symbol));
  const rows = await tx.$queryRaw<StoredFillRow[]>`
    SELECT t.id, t.symbol, t.side, t.quantity::float8 AS quantity, t.price::float8 AS price,
           t.realized_pnl::float8 AS realized_pnl, t.closed_quantity::float8 AS closed_quantity, t.executed_at,
           run_day_end(t.executed_at) = run_day_end(w.from_at) AS in_from_day
      FROM unnest(${symbols}::text[], ${times}::timestamptz[]) AS w(symbol, from_at)
     CROSS JOIN LATERAL (
           SELECT id, symbol, side, quantity, price, realized_pnl, closed_quantity, executed_at
             FROM trades WHERE run_id = ${runId} AND symbol = w.symbol AND executed_at >= w.from_at OFFSET 0) AS t`;
  const bySymbol = new Map<string, ReplayItem[]>();
  const sameDay = new Map<string, SymbolSums>();
  for (const row of rows) {
    if (row.in_from_day) {
      // As run_days sums a fill: signed quantity, and signed quantity × price + realized P&L.
      const signed = row.side === "buy" ? row.quantity : -row.quantity;
      const sums = sameDay.get(row.symbol) ?? { symbol: row.symbol, quantity: 0, basis: 0 };
      sameDay.set(row.symbol, {
        symbol: row.symbol,
        quantity: sums.quantity + signed,
        basis: sums.basis + signed * row.price + row.realized_pnl,
      });
    }
    const item: ReplayItem = {
      storedId: row.id,
      side: row.side,
      quantity: row.quantity,
      price: row.price,
      executedAt: row.executed_at,
      stored: { realizedPnl: row.realized_pnl, closedQuantity: row.closed_quantity },
    };
    const list = bySymbol.get(row.symbol);
    if (list) list.push(item);
    else bySymbol.set(row.symbol, [item]);
  }
  return { bySymbol, sameDay };
}

/**
 * One INSERT for the batch, in replay order, so the ids the database assigns keep that order.
 * The rows travel as one JSON parameter: as thirteen arrays of 5,000, the client walked and
 * escaped every element (Prisma's parameter checks and pg's array literals, ~30 ms of a batch's
 * CPU and most of its garbage), where PostgreSQL reads the JSON in a few milliseconds.
 */
export async function insertFills(tx: Db, runId: number, rows: ReadonlyArray<{ fill: FillInput; outcome: ReplayOutcome }>) {
  const json = JSON.stringify(
    rows.map(({ fill, outcome }) => [
      fill.fillId,
      fill.symbol,
      fill.assetType,
      fill.side,
      fill.quantity,
      fill.price,
      fill.fees,
      fill.orderType,
      outcome.realizedPnl,
      Math.max(0, outcome.closedQuantity),
      fill.executedAt,
      fill.orderId ?? null,
      fill.tag ?? null,
    ]),
  );
  await tx.$executeRaw`
    INSERT INTO trades (run_id, producer_fill_id, symbol, asset_type, side, quantity, price, fees, order_type,
                        realized_pnl, closed_quantity, executed_at, order_id, tag)
    SELECT ${runId}, f->>0, f->>1, (f->>2)::asset_type, (f->>3)::trade_side, (f->>4)::numeric, (f->>5)::numeric,
           (f->>6)::numeric, (f->>7)::order_type, (f->>8)::numeric, (f->>9)::numeric, (f->>10)::timestamptz,
           f->>11, f->>12
      FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS rows(f, position)
     ORDER BY rows.position`;
}

/** Stored fills whose realized P&L a late fill changed; the run_days trigger follows. */
export async function updateOutcomes(tx: Db, changed: ReadonlyArray<{ id: number } & ReplayOutcome>) {
  if (!changed.length) return;
  await tx.$executeRaw`
    UPDATE trades t SET realized_pnl = u.realized_pnl, closed_quantity = u.closed_quantity
      FROM unnest(${changed.map((c) => c.id)}::int[], ${changed.map((c) => c.realizedPnl)}::numeric[],
                  ${changed.map((c) => c.closedQuantity)}::numeric[]) AS u(id, realized_pnl, closed_quantity)
     WHERE t.id = u.id`;
}
