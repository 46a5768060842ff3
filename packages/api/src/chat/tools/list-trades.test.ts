import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { randomRun } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, storeRun, type StoredRun } from "./test-support.js";

let db: TestDatabase;
let run: StoredRun;
const startedAt = new Date("2026-03-02T14:30:00Z");
const endedAt = new Date("2026-03-13T21:00:00Z");
beforeAll(async () => {
  db = await createTestDatabase();
  const { fills, marks } = randomRun({ seed: 21, startedAt, endedAt, fillCount: 180, symbols: ["AAA", "BBB", "CCC"], boundaryShare: 0.3 });
  run = await storeRun(db.prisma, { startedAt, endedAt, startingCapital: 50_000, fills, marks });
});
afterAll(async () => {
  await db.drop();
});

interface Page {
  trades: Array<{ id: number; realizedPnl: number; outcome: string; symbol: string; side: string }>;
  nextCursor: string | null;
}

/** Every page of a listing, following nextCursor. */
async function allPages(args: Record<string, unknown>) {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await callTool<Page>(run.toolbox, "list_trades", { ...args, ...(cursor ? { cursor } : {}) });
    ids.push(...page.trades.map((trade) => trade.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("the listing never ended");
}

/** The stored trades, filtered and ordered as the listing should be: by key, then id. */
async function expected(filter: (trade: Stored) => boolean, key: (trade: Stored) => number, direction: 1 | -1) {
  const trades = (await db.prisma.trade.findMany({ where: { runId: run.runId } })).map((trade) => ({
    ...trade,
    time: trade.executedAt.getTime(),
    realized: trade.realizedPnl.toNumber(),
    net: trade.realizedPnl.minus(trade.fees).toNumber(),
    closing: trade.closedQuantity.greaterThan(0),
  }));
  return trades
    .filter(filter)
    .sort((a, b) => direction * (key(a) - key(b) || a.id - b.id))
    .map((trade) => trade.id);
}
type Stored = { time: number; realized: number; net: number; closing: boolean; symbol: string; side: string };

describe("list_trades", () => {
  it("pages through every trade in time order", async () => {
    expect(await allPages({ limit: 7 })).toEqual(
      await expected(
        () => true,
        (t) => t.time,
        1,
      ),
    );
  });

  it("lists the winners, best first", async () => {
    const ids = await allPages({ outcome: "winners", sort: "realized_pnl", limit: 9 });
    expect(ids.length).toBeGreaterThan(5);
    expect(ids).toEqual(
      await expected(
        (t) => t.closing && t.net > 0,
        (t) => t.realized,
        -1,
      ),
    );
  });

  it("combines symbol (any case), side and outcome, worst first", async () => {
    const ids = await allPages({ symbol: "bbb", side: "sell", outcome: "losers", sort: "realized_pnl", direction: "asc", limit: 3 });
    expect(ids).toEqual(
      await expected(
        (t) => t.symbol === "BBB" && t.side === "sell" && t.closing && t.net < 0,
        (t) => t.realized,
        1,
      ),
    );
  });

  it("takes a date range, a date meaning the whole day, newest first", async () => {
    const ids = await allPages({ from: "2026-03-04T12:00:00Z", to: "2026-03-06", direction: "desc", limit: 10 });
    const from = Date.parse("2026-03-04T12:00:00Z");
    const to = Date.parse("2026-03-07T00:00:00Z");
    expect(ids).toEqual(
      await expected(
        (t) => t.time >= from && t.time < to,
        (t) => t.time,
        -1,
      ),
    );
  });

  it("labels each fill with its outcome, net of its own fees", async () => {
    const page = await callTool<Page>(run.toolbox, "list_trades", { limit: 100 });
    const stored = new Map((await db.prisma.trade.findMany({ where: { runId: run.runId } })).map((t) => [t.id, t]));
    for (const trade of page.trades) {
      const row = stored.get(trade.id);
      if (!row) throw new Error(`trade ${trade.id} is not the run's`);
      const net = row.realizedPnl.minus(row.fees);
      const outcome = row.closedQuantity.isZero()
        ? "opening"
        : net.isPositive() && !net.isZero()
          ? "win"
          : net.isNegative()
            ? "loss"
            : "breakeven";
      expect(trade.outcome, `trade ${trade.id}`).toBe(outcome);
      expect(Math.abs(trade.realizedPnl - row.realizedPnl.toNumber())).toBeLessThanOrEqual(0.005);
    }
  });

  it("refuses a cursor from a listing sorted otherwise, or one it never gave", async () => {
    const first = await callTool<Page>(run.toolbox, "list_trades", { limit: 5 });
    const mismatched = await run.toolbox.execute({
      id: "c1",
      name: "list_trades",
      arguments: JSON.stringify({ sort: "realized_pnl", cursor: first.nextCursor }),
    });
    expect(mismatched.ok).toBe(false);
    expect(JSON.parse(mismatched.result).error).toMatch(/sorted by time asc/);
    const forged = await run.toolbox.execute({ id: "c2", name: "list_trades", arguments: JSON.stringify({ cursor: "bm90IGEgY3Vyc29y" }) });
    expect(forged).toMatchObject({ ok: false });
    expect(JSON.parse(forged.result).error).toMatch(/Invalid cursor/);
  });
});
