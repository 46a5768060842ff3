import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { replayFills } from "@parley/trading";
import { randomRun, seededRandom } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir } from "./migrate/read-migrations.js";
import {
  createModel,
  createRun,
  createTestDatabase,
  createUser,
  insertFills,
  insertMarks,
  storedFills,
  type TestDatabase,
} from "./testing/index.js";

// run_days is kept by triggers on trades and price_marks; these tests hold it to sums computed
// here from the stored rows after every kind of write, and check the closed_quantity backfill.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const DAY_MS = 86_400_000;
const startedAt = new Date("2026-02-02T14:30:00Z");
const endedAt = new Date("2026-02-20T21:00:00Z");
/** The midnight ending the UTC day a moment belongs to: a fill at midnight ends its day. */
const dayEnd = (at: Date) => Math.ceil(at.getTime() / DAY_MS) * DAY_MS;
const close = (value: number) => Math.round(value * 1e6) / 1e6 + 0;

async function newRun(seed: number) {
  const user = await createUser(db.prisma);
  const model = await createModel(db.prisma, user.id);
  const run = await createRun(db.prisma, model, { startedAt, endedAt });
  const { fills, marks } = randomRun({
    seed,
    startedAt,
    endedAt,
    fillCount: 300,
    symbols: ["AAA", "BBB", "CCC"],
    boundaryShare: 0.3,
    markHourUtc: 0,
  });
  await insertFills(db.prisma, run.id, fills);
  await insertMarks(db.prisma, run.id, marks);
  return run.id;
}

type Day = {
  fills: number;
  atEnd: number;
  notional: number;
  realized: number;
  fees: number;
  closing: number;
  wins: number;
  losses: number;
  holdings: Record<string, number[]>;
  symbols: Record<string, number[]>;
  marks: Record<string, number>;
};

/** What run_days should hold, from trades and price_marks as stored. */
async function expectedDays(runId: number): Promise<Map<number, Day>> {
  const days = new Map<number, Day>();
  const day = (end: number) =>
    days.get(end) ??
    (days
      .set(end, {
        fills: 0,
        atEnd: 0,
        notional: 0,
        realized: 0,
        fees: 0,
        closing: 0,
        wins: 0,
        losses: 0,
        holdings: {},
        symbols: {},
        marks: {},
      })
      .get(end) as Day);
  const trades = await db.prisma.trade.findMany({ where: { runId }, orderBy: [{ executedAt: "asc" }, { id: "asc" }] });
  for (const t of trades) {
    const end = dayEnd(t.executedAt);
    const entry = day(end);
    const [signed, price, realized, fees] = [
      (t.side === "buy" ? 1 : -1) * t.quantity.toNumber(),
      t.price.toNumber(),
      t.realizedPnl.toNumber(),
      t.fees.toNumber(),
    ];
    const closing = t.closedQuantity.greaterThan(0);
    const win = closing && t.realizedPnl.greaterThan(t.fees);
    const loss = closing && t.realizedPnl.lessThan(t.fees);
    Object.assign(entry, {
      fills: entry.fills + 1,
      atEnd: entry.atEnd + (t.executedAt.getTime() === end ? 1 : 0),
      notional: entry.notional + signed * price,
      realized: entry.realized + realized,
      fees: entry.fees + fees,
      closing: entry.closing + (closing ? 1 : 0),
      wins: entry.wins + (win ? 1 : 0),
      losses: entry.losses + (loss ? 1 : 0),
    });
    const [q = 0, cost = 0] = entry.holdings[t.symbol] ?? [];
    entry.holdings[t.symbol] = [q + signed, cost + signed * price + realized, price];
    const [n = 0, c = 0, w = 0, l = 0, r = 0, f = 0, v = 0, nv = 0] = entry.symbols[t.symbol] ?? [];
    entry.symbols[t.symbol] = [
      n + 1,
      c + (closing ? 1 : 0),
      w + (win ? 1 : 0),
      l + (loss ? 1 : 0),
      r + realized,
      f + fees,
      v + Math.abs(signed),
      nv + Math.abs(signed) * price,
    ];
  }
  for (const mark of await db.prisma.priceMark.findMany({ where: { runId }, orderBy: { at: "asc" } })) {
    day(dayEnd(mark.at)).marks[mark.symbol] = mark.price.toNumber();
  }
  return days;
}

const rounded = (values: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list.map(close)]));

async function expectRunDaysMatch(runId: number) {
  const expected = await expectedDays(runId);
  const stored = await db.prisma.runDay.findMany({ where: { runId }, orderBy: { dayEnd: "asc" } });
  expect(stored.map((row) => row.dayEnd.getTime())).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const row of stored) {
    const want = expected.get(row.dayEnd.getTime());
    if (!want) continue;
    const label = row.dayEnd.toISOString();
    expect(
      { fills: row.fillCount, atEnd: row.fillsAtDayEnd, closing: row.closingCount, wins: row.winCount, losses: row.lossCount },
      label,
    ).toEqual({ fills: want.fills, atEnd: want.atEnd, closing: want.closing, wins: want.wins, losses: want.losses });
    expect([row.netNotional, row.realizedPnl, row.fees].map(close), label).toEqual([want.notional, want.realized, want.fees].map(close));
    expect(rounded(row.holdings as Record<string, number[]>), label).toEqual(rounded(want.holdings));
    expect(rounded(row.symbolTotals as Record<string, number[]>), label).toEqual(rounded(want.symbols));
    expect(row.closingMarks, label).toEqual(want.marks);
  }
}

type ReplayedFill = ReturnType<typeof replayFills>["fillsWithRealized"][number];

/** One INSERT statement of `rows` as given (no replay: realized and closed as the rows say). */
async function insertRows(runId: number, rows: readonly ReplayedFill[]) {
  await db.sql.query(
    `INSERT INTO trades (run_id, symbol, side, quantity, price, fees, order_type, realized_pnl, closed_quantity, executed_at)
     SELECT $1, f.symbol, f.side::trade_side, f.quantity, f.price, f.fees, 'market', f.realized_pnl, f.closed_quantity, f.executed_at
       FROM json_to_recordset($2::json) AS f(symbol text, side text, quantity numeric, price numeric, fees numeric,
                                             realized_pnl numeric, closed_quantity numeric, executed_at timestamptz)`,
    [
      runId,
      JSON.stringify(
        rows.map((f) => ({
          symbol: f.symbol,
          side: f.side,
          quantity: f.quantity,
          price: f.price,
          fees: f.fees,
          realized_pnl: f.realizedPnl,
          closed_quantity: f.closedQuantity,
          executed_at: f.executedAt,
        })),
      ),
    ],
  );
}

describe("run_days", () => {
  it("sums each UTC day's fills (a midnight fill ends its day) and keeps its latest marks", async () => {
    const runId = await newRun(7);
    expect((await expectedDays(runId)).size).toBeGreaterThan(18);
    await expectRunDaysMatch(runId);
  });

  it("follows updates, deletes and inserts out of time order, of fills and of marks", async () => {
    const runId = await newRun(8);
    await db.sql.query(`UPDATE trades SET executed_at = executed_at + interval '3 days' WHERE run_id = $1 AND id % 7 = 0`, [runId]);
    await db.sql.query(`UPDATE trades SET price = price + 1, fees = 0 WHERE run_id = $1 AND id % 5 = 0`, [runId]);
    await db.sql.query(`DELETE FROM trades WHERE run_id = $1 AND (id % 11 = 0 OR executed_at < '2026-02-04Z')`, [runId]);
    await db.sql.query(`UPDATE price_marks SET price = price * 2 WHERE run_id = $1 AND symbol = 'BBB'`, [runId]);
    await db.sql.query(`DELETE FROM price_marks WHERE run_id = $1 AND (symbol = 'CCC' OR at > '2026-02-18Z')`, [runId]);
    await db.sql.query(
      `INSERT INTO trades (run_id, symbol, side, quantity, price, order_type, executed_at)
       VALUES ($1, 'AAA', 'buy', 5, 10, 'market', '2026-01-30T00:00:00Z'), ($1, 'ZZZ', 'sell', 1, 3, 'limit', '2026-02-03T00:00:00Z')`,
      [runId],
    );
    await expectRunDaysMatch(runId);
  });

  it("adds fills inserted in any order and any statements to their days as a recomputation would", async () => {
    // Inserts are added to their days, not recomputed: sums take the statement's sums, and a
    // holding's last price changes only if no stored fill of its symbol and day comes later
    // (at the same millisecond, a higher id is later). Random statements in random order, with
    // ties, midnight fills and days that already hold later fills.
    for (const seed of [21, 22, 23]) {
      const user = await createUser(db.prisma);
      const run = await createRun(db.prisma, await createModel(db.prisma, user.id), { startedAt, endedAt });
      const { fills } = randomRun({
        seed,
        startedAt,
        endedAt,
        fillCount: 400,
        symbols: ["AAA", "BBB", "CCC"],
        boundaryShare: 0.3,
        markHourUtc: 0,
      });
      const random = seededRandom(seed);
      const rows = replayFills(fills).fillsWithRealized.map((fill, index, all) =>
        // Every fifth takes a neighbour's moment: ties within and across statements.
        index % 5 === 4 ? { ...fill, executedAt: all[index - 1]?.executedAt ?? fill.executedAt } : fill,
      );
      const shuffled = rows
        .map((row) => ({ row, key: random() }))
        .sort((a, b) => a.key - b.key)
        .map(({ row }) => row);
      for (let start = 0; start < shuffled.length;) {
        const size = 1 + Math.floor(random() * 40);
        await insertRows(run.id, shuffled.slice(start, start + size));
        start += size;
      }
      await expectRunDaysMatch(run.id);
    }
  });

  it("goes with its run", async () => {
    const runId = await newRun(9);
    await db.prisma.tradingRun.delete({ where: { id: runId } });
    expect(await db.prisma.runDay.count({ where: { runId } })).toBe(0);
  });
});

describe("the closed_quantity backfill", () => {
  it("gives fills stored before the column what the replay gives them", async () => {
    const runId = await newRun(10);
    const migration = await readFile(join(defaultMigrationsDir, "20261125000000_trade_closed_quantity", "migration.sql"), "utf8");
    await db.sql.query(`UPDATE trades SET closed_quantity = 0 WHERE run_id = $1`, [runId]);
    await db.sql.exec(migration.slice(migration.indexOf("UPDATE")));
    const expected = replayFills(await storedFills(db.prisma, runId)).fillsWithRealized.map((fill) => [
      fill.id,
      close(fill.closedQuantity),
    ]);
    const stored = await db.prisma.trade.findMany({ where: { runId }, orderBy: [{ executedAt: "asc" }, { id: "asc" }] });
    const closed = stored.map((trade) => [trade.id, trade.closedQuantity.toNumber()]);
    expect(closed.filter(([, quantity]) => (quantity ?? 0) > 0).length).toBeGreaterThan(50);
    expect(closed).toEqual(expected);
  });
});

describe("truncating", () => {
  // Last: it empties the tables for every test of this file.
  it("clears the days' marks, then their fills", async () => {
    const runId = await newRun(11);
    await db.sql.exec("TRUNCATE price_marks");
    const days = await db.prisma.runDay.findMany({ where: { runId } });
    expect(days.every((day) => JSON.stringify(day.closingMarks) === "{}" && day.fillCount > 0)).toBe(true);
    await db.sql.exec("TRUNCATE trades");
    expect(await db.prisma.runDay.count()).toBe(0);
  });
});
