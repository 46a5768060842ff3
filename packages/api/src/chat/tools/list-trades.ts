import { Prisma } from "@parley/db";
import { z } from "zod";
import type { Db } from "../../db/as-user.js";
import type { BoundRun } from "./bound-run.js";
import { money, price, quantity, time } from "./output.js";
import { endOf, startOf, timeArgument } from "./time-arguments.js";
import { decodeCursor, encodeCursor, type SortDirection, type TradeCursor, type TradeSort } from "./trade-cursor.js";
import { defineTool } from "./tool.js";

const input = z.strictObject({
  symbol: z.string().min(1).max(32).optional().describe("Only this symbol."),
  side: z.enum(["buy", "sell"]).optional(),
  from: timeArgument("Only fills executed at or after this.").optional(),
  to: timeArgument("Only fills executed at or before this; a date means the end of that day.").optional(),
  outcome: z
    .enum(["winners", "losers"])
    .optional()
    .describe("Only closing fills whose realized P&L beats their fees (winners) or falls short of them (losers)."),
  sort: z.enum(["time", "realized_pnl"]).default("time"),
  direction: z.enum(["asc", "desc"]).optional().describe("Default: asc for time (oldest first), desc for realized_pnl (best first)."),
  limit: z.int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional().describe("The nextCursor of the previous page, with the same sort and filters."),
});

type ListInput = z.output<typeof input>;

interface TradeRow {
  id: number;
  executed_at: Date;
  symbol: string;
  asset_type: string;
  side: string;
  order_type: string;
  quantity: number;
  price: number;
  fees: number;
  realized_pnl: number;
  realized_key: string;
  closed_quantity: number;
  outcome: "opening" | "win" | "loss" | "breakeven";
}

export const listTrades = defineTool({
  name: "list_trades",
  description:
    "Fills (trades) of this run, filtered and sorted, a page at a time. Each has its time, symbol, side, quantity, price, " +
    "fees, order type, realized P&L (before fees) and outcome: opening (it opened or added to a position), or for a " +
    "closing fill win, loss or breakeven (realized P&L against its own fees). Pass nextCursor back for the next page.",
  input,
  async run(read, run, args) {
    const direction: SortDirection = args.direction ?? (args.sort === "time" ? "asc" : "desc");
    const after = args.cursor === undefined ? null : decodeCursor(args.cursor, { sort: args.sort, direction });
    const rows = await read((tx) => queryTrades(tx, run, { ...args, direction, after }));
    const page = rows.slice(0, args.limit);
    const last = page.at(-1);
    const more = rows.length > args.limit && last !== undefined;
    return {
      sort: args.sort,
      direction,
      count: page.length,
      trades: page.map(toTrade),
      nextCursor: more ? encodeCursor(cursorAfter(last, args.sort, direction)) : null,
    };
  },
});

async function queryTrades(
  tx: Db,
  run: BoundRun,
  args: ListInput & { direction: SortDirection; after: TradeCursor | null },
): Promise<TradeRow[]> {
  const column = Prisma.raw(args.sort === "time" ? "t.executed_at" : "t.realized_pnl");
  const order = Prisma.raw(args.direction === "asc" ? "ASC" : "DESC");
  return tx.$queryRaw<TradeRow[]>`
    SELECT t.id, t.executed_at, t.symbol, t.asset_type::text AS asset_type, t.side::text AS side,
           t.order_type::text AS order_type, t.quantity::float8 AS quantity, t.price::float8 AS price,
           t.fees::float8 AS fees, t.realized_pnl::float8 AS realized_pnl, t.realized_pnl::text AS realized_key,
           t.closed_quantity::float8 AS closed_quantity,
           CASE WHEN t.closed_quantity = 0 THEN 'opening' WHEN t.realized_pnl > t.fees THEN 'win'
                WHEN t.realized_pnl < t.fees THEN 'loss' ELSE 'breakeven' END AS outcome
      FROM trades t
     WHERE t.run_id = ${run.id} AND t.executed_at <= ${run.asOf} AND ${Prisma.join(filters(args), " AND ")}
     ORDER BY ${column} ${order}, t.id ${order}
     LIMIT ${args.limit + 1}`;
}

function filters(args: ListInput & { direction: SortDirection; after: TradeCursor | null }): Prisma.Sql[] {
  const where = [Prisma.sql`TRUE`];
  if (args.symbol !== undefined) {
    const spellings = [...new Set([args.symbol, args.symbol.toUpperCase(), args.symbol.toLowerCase()])];
    where.push(Prisma.sql`t.symbol = ANY(${spellings}::text[])`);
  }
  if (args.side !== undefined) where.push(Prisma.sql`t.side = ${args.side}::trade_side`);
  if (args.from !== undefined) where.push(Prisma.sql`t.executed_at >= ${startOf(args.from)}`);
  if (args.to !== undefined) where.push(Prisma.sql`t.executed_at <= ${endOf(args.to)}`);
  if (args.outcome === "winners") where.push(Prisma.sql`t.closed_quantity > 0 AND t.realized_pnl > t.fees`);
  if (args.outcome === "losers") where.push(Prisma.sql`t.closed_quantity > 0 AND t.realized_pnl < t.fees`);
  if (args.after) where.push(keyset(args.after));
  return where;
}

/** Rows strictly after the cursor in the listing's order: (key, id) compared as a pair. */
function keyset(after: TradeCursor): Prisma.Sql {
  const comparison = Prisma.raw(after.direction === "asc" ? ">" : "<");
  const key = after.sort === "time" ? Prisma.sql`${new Date(after.key)}::timestamptz` : Prisma.sql`${after.key}::numeric`;
  const column = Prisma.raw(after.sort === "time" ? "t.executed_at" : "t.realized_pnl");
  return Prisma.sql`(${column}, t.id) ${comparison} (${key}, ${after.id})`;
}

function cursorAfter(row: TradeRow, sort: TradeSort, direction: SortDirection): TradeCursor {
  return { sort, direction, key: sort === "time" ? row.executed_at.toISOString() : row.realized_key, id: row.id };
}

function toTrade(row: TradeRow) {
  return {
    id: row.id,
    executedAt: time(row.executed_at),
    symbol: row.symbol,
    side: row.side,
    quantity: quantity(row.quantity),
    price: price(row.price),
    fees: money(row.fees),
    orderType: row.order_type,
    assetType: row.asset_type,
    realizedPnl: money(row.realized_pnl),
    closedQuantity: quantity(row.closed_quantity),
    outcome: row.outcome,
  };
}
