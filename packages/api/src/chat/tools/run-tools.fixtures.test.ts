import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { blotter, tenFillRun } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, setRunConfiguration, storeRun, type StoredRun } from "./test-support.js";

// Figures worked out by hand in packages/trading/src/testing/ten-fill-run.ts, end to end through
// the tools: stored as fills and marks, read back by SQL, rounded for the model.
let db: TestDatabase;
let tenFills: StoredRun;
beforeAll(async () => {
  db = await createTestDatabase();
  tenFills = await storeRun(db.prisma, tenFillRun);
});
afterAll(async () => {
  await db.drop();
});

const strict = {
  allowShorting: false,
  allowOptionsStrategies: false,
  allowedOrderTypes: ["market" as const],
  buyingPower: 2_000,
  marginAccount: false,
};
const permissive = {
  allowShorting: true,
  allowOptionsStrategies: true,
  allowedOrderTypes: ["market" as const, "limit" as const],
  buyingPower: 1_000_000,
  marginAccount: false,
};

describe("the ten-fill run", () => {
  it("get_run_overview gives the table's figures", async () => {
    expect(await callTool(tenFills.toolbox, "get_run_overview")).toMatchObject({
      run: { status: "completed", startedAt: "2023-12-31T12:00:00Z", endedAt: "2024-01-06T00:00:00Z" },
      startingCapital: 10_000,
      endingEquity: 9_997,
      endingCash: 9_733,
      totalPnl: -3,
      totalReturn: -0.0003,
      realizedPnl: -17,
      unrealizedPnl: 24,
      totalFees: 10,
      fillCount: 10,
      closingFillCount: 6,
      winCount: 3, // fills 4, 7, 10: +49, +7, +19 net of their fee
      lossCount: 3, // fills 5, 6, 9: −21, −76, −1
      winRate: 0.5,
      averageWin: 25,
      averageLoss: -32.67,
      profitFactor: 0.7653, // 75 / 98
      maxDrawdown: 165, // 10127 → 9962
      maxDrawdownFraction: 0.0163,
      sharpeRatio: -0.0476,
      exposure: 0.8333, // flat only on the half day of Dec 31
      grossExposure: 0.0264, // 264 / 9997
      openPositionCount: 1,
      openPositions: [{ symbol: "BBB", quantity: 6, averagePrice: 40, markPrice: 44, unrealizedPnl: 24 }],
    });
  });

  it("get_equity_curve gives the daily closes", async () => {
    const curve = await callTool<{ points: unknown[][] }>(tenFills.toolbox, "get_equity_curve", { interval: "day" });
    expect(curve.points).toEqual([
      ["2023-12-31T12:00:00Z", 10_000, 0, 0, 0, 0],
      ["2024-01-01T00:00:00Z", 10_000, 0, 0, 0, 0],
      ["2024-01-02T00:00:00Z", 10_127, 127, 0, 130, 3],
      ["2024-01-03T00:00:00Z", 10_070, 70, 30, 45, 5],
      ["2024-01-04T00:00:00Z", 9_962, -38, -37, 6, 7],
      ["2024-01-05T00:00:00Z", 9_974, -26, -37, 20, 9],
      ["2024-01-06T00:00:00Z", 9_997, -3, -17, 24, 10],
    ]);
  });

  it("get_positions mid-run values the short at the last mark before it", async () => {
    const positions = await callTool(tenFills.toolbox, "get_positions", { at: "2024-01-03T12:00:00Z" });
    expect(positions).toMatchObject({
      positionCount: 1,
      positions: [
        { symbol: "AAA", quantity: -3, averagePrice: 100, markPrice: 108, priceSource: "mark", marketValue: -324, unrealizedPnl: -24 },
      ],
    });
  });

  it("get_symbol_breakdown splits the run by symbol", async () => {
    const breakdown = await callTool(tenFills.toolbox, "get_symbol_breakdown");
    expect(breakdown.symbols).toEqual([
      {
        symbol: "AAA",
        fillCount: 6,
        closingFillCount: 4,
        winCount: 2,
        lossCount: 2,
        winRate: 0.5,
        realizedPnl: -17,
        fees: 6,
        netPnl: -23,
        unrealizedPnl: 0,
        openQuantity: 0,
        volume: 50,
        notionalVolume: 5_167,
      },
      {
        symbol: "BBB",
        fillCount: 4,
        closingFillCount: 2,
        winCount: 1,
        lossCount: 1,
        winRate: 0.5,
        realizedPnl: 0,
        fees: 4,
        netPnl: -4,
        unrealizedPnl: 24,
        openQuantity: 6,
        volume: 24,
        notionalVolume: 1_100,
      },
    ]);
  });

  it("check_compliance finds the planted violations of a strict model", async () => {
    await setRunConfiguration(db.prisma, tenFills.modelId, strict);
    const result = await callTool(tenFills.toolbox, "check_compliance");
    expect(result).toMatchObject({
      checkedFillCount: 10,
      violationCount: 5,
      violationsByRule: { order_type_not_allowed: 1, options_disallowed: 0, shorting_disallowed: 2, buying_power_exceeded: 2 },
      truncated: false,
    });
    const violations = result.violations as Array<Record<string, unknown>>;
    expect(violations.map(({ tradeId, rule, detail }) => ({ tradeId, rule, detail }))).toEqual([
      { tradeId: 2, rule: "order_type_not_allowed", detail: "limit orders are not allowed" },
      { tradeId: 2, rule: "buying_power_exceeded", detail: "gross notional 2100.00 exceeds the limit of 2000.00" },
      { tradeId: 3, rule: "shorting_disallowed", detail: "selling 5 BBB leaves a short of 5" },
      { tradeId: 3, rule: "buying_power_exceeded", detail: "gross notional 2350.00 exceeds the limit of 2000.00" },
      { tradeId: 6, rule: "shorting_disallowed", detail: "selling 20 AAA leaves a short of 5" },
    ]);
  });

  it("check_compliance finds nothing against a permissive model", async () => {
    await setRunConfiguration(db.prisma, tenFills.modelId, permissive);
    expect(await callTool(tenFills.toolbox, "check_compliance")).toMatchObject({ violationCount: 0, violations: [] });
  });
});

describe("planted and edge cases", () => {
  it("check_compliance flags an option traded while options are off", async () => {
    const run = await storeRun(db.prisma, {
      startedAt: new Date("2024-02-01T00:00:00Z"),
      endedAt: new Date("2024-02-02T00:00:00Z"),
      startingCapital: 10_000,
      fills: blotter(
        ["2024-02-01T10:00:00Z", "buy", 10, "AAA", 50],
        ["2024-02-01T11:00:00Z", "buy", 2, "SPY240315C500", 3.5, { assetType: "option" }],
      ),
      marks: [],
    });
    await setRunConfiguration(db.prisma, run.modelId, { ...permissive, allowOptionsStrategies: false });
    const result = await callTool(run.toolbox, "check_compliance");
    expect(result.violations).toMatchObject([{ tradeId: expect.any(Number), symbol: "SPY240315C500", rule: "options_disallowed" }]);
  });

  it("values a position without marks at its last fill; of fills at the same moment, the later one", async () => {
    const run = await storeRun(db.prisma, {
      startedAt: new Date("2024-03-01T14:00:00Z"),
      endedAt: new Date("2024-03-04T12:00:00Z"),
      startingCapital: 10_000,
      fills: blotter(["2024-03-01T15:00:00Z", "buy", 10, "AAA", 100], ["2024-03-01T15:00:00Z", "buy", 10, "AAA", 110]),
      marks: [],
    });
    const expected = { symbol: "AAA", quantity: 20, averagePrice: 105, markPrice: 110, priceSource: "fill", unrealizedPnl: 100 };
    // At the end the fills come from the day's totals; at their own moment from trades.
    expect((await callTool(run.toolbox, "get_positions")).positions).toEqual([{ ...expected, marketValue: 2_200 }]);
    const atFill = await callTool(run.toolbox, "get_positions", { at: "2024-03-01T15:00:00Z" });
    expect(atFill.positions).toEqual([{ ...expected, marketValue: 2_200 }]);
  });
});
