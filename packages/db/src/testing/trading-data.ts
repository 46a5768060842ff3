import { replayFills, type Fill, type PriceMark } from "@parley/trading";
import type { PrismaClient } from "../client.js";

/** Rows per INSERT: keeps each statement's parameters a few megabytes at most. */
const CHUNK = 20_000;

/**
 * Stores a run's fills as the trading system does: replayed in time order, each with the realized
 * P&L and the closed quantity that replay gives it. One INSERT per chunk, rows in replay order,
 * so the ids the database assigns keep that order (ties in time included).
 */
export async function insertFills(prisma: PrismaClient, runId: number, fills: readonly Fill[]): Promise<void> {
  const replayed = replayFills(fills).fillsWithRealized;
  for (let start = 0; start < replayed.length; start += CHUNK) {
    const rows = replayed.slice(start, start + CHUNK);
    const column = <T>(pick: (fill: (typeof rows)[number]) => T) => rows.map(pick);
    await prisma.$executeRaw`
      INSERT INTO trades (run_id, symbol, asset_type, side, quantity, price, fees, order_type, realized_pnl,
                          closed_quantity, executed_at)
      SELECT ${runId}, f.symbol, f.asset_type::asset_type, f.side::trade_side, f.quantity, f.price, f.fees,
             f.order_type::order_type, f.realized_pnl, f.closed_quantity, f.executed_at
        FROM unnest(${column((f) => f.symbol)}::text[], ${column((f) => f.assetType)}::text[],
                    ${column((f) => f.side)}::text[], ${column((f) => f.quantity)}::numeric[],
                    ${column((f) => f.price)}::numeric[], ${column((f) => f.fees)}::numeric[],
                    ${column((f) => f.orderType)}::text[], ${column((f) => f.realizedPnl)}::numeric[],
                    ${column((f) => f.closedQuantity)}::numeric[], ${column((f) => f.executedAt)}::timestamptz[])
             WITH ORDINALITY AS f(symbol, asset_type, side, quantity, price, fees, order_type, realized_pnl,
                                  closed_quantity, executed_at, position)
       ORDER BY f.position`;
  }
}

export async function insertMarks(prisma: PrismaClient, runId: number, marks: readonly PriceMark[]): Promise<void> {
  for (let start = 0; start < marks.length; start += CHUNK) {
    const rows = marks.slice(start, start + CHUNK);
    await prisma.$executeRaw`
      INSERT INTO price_marks (run_id, symbol, at, price)
      SELECT ${runId}, m.symbol, m.at, m.price
        FROM unnest(${rows.map((m) => m.symbol)}::text[], ${rows.map((m) => m.at)}::timestamptz[],
                    ${rows.map((m) => m.price)}::numeric[]) AS m(symbol, at, price)`;
  }
}

/** A run's fills as stored (ids, decimals read back as numbers), for the reference library. */
export async function storedFills(prisma: PrismaClient, runId: number): Promise<Fill[]> {
  const trades = await prisma.trade.findMany({ where: { runId }, orderBy: [{ executedAt: "asc" }, { id: "asc" }] });
  return trades.map((trade) => ({
    id: trade.id,
    symbol: trade.symbol,
    assetType: trade.assetType,
    side: trade.side,
    quantity: trade.quantity.toNumber(),
    price: trade.price.toNumber(),
    fees: trade.fees.toNumber(),
    orderType: trade.orderType,
    executedAt: trade.executedAt,
  }));
}

export async function storedMarks(prisma: PrismaClient, runId: number): Promise<PriceMark[]> {
  const marks = await prisma.priceMark.findMany({ where: { runId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return marks.map((mark) => ({ symbol: mark.symbol, at: mark.at, price: mark.price.toNumber() }));
}
