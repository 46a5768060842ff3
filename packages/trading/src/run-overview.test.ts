import { describe, expect, it } from "vitest";
import { runOverview } from "./run-overview.js";
import { blotter, marksOf } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";
import type { Fill, PriceMark } from "./types.js";

const day = (date: string) => new Date(`${date}T00:00:00Z`);
/** A run over whole UTC days. */
const overviewOf = (startingCapital: number, fills: Fill[], marks: PriceMark[], days: [string, string]) =>
  runOverview({ startingCapital, fills, marks, startedAt: day(days[0]), endedAt: day(days[1]) });

describe("runOverview of the ten-fill run (figures from the table in testing/ten-fill-run.ts)", () => {
  const overview = runOverview(tenFillRun);

  it("reports equity and P&L", () => {
    expect(overview).toMatchObject({
      startingCapital: 10000,
      endingEquity: 9997,
      endingCash: 9733,
      totalPnl: -3, // = realized −17 + unrealized 24 − fees 10
      realizedPnl: -17,
      unrealizedPnl: 24, // BBB 6 × (44 − 40), not the 1000 mark taken after the run
      totalFees: 10,
      fillCount: 10,
    });
    expect(overview.totalReturn).toBeCloseTo(-3 / 10000, 15);
  });

  it("reports wins and losses per closing fill, net of that fill's fee", () => {
    // closing fills 4, 5, 6, 7, 9, 10 with nets +49, −21, −76, +7, −1, +19
    expect(overview).toMatchObject({ closingFillCount: 6, winCount: 3, lossCount: 3, winRate: 0.5 });
    expect(overview.averageWin).toBe(25); // (49 + 7 + 19) / 3 = 75 / 3
    expect(overview.averageLoss).toBeCloseTo(-98 / 3, 12); // (−21 − 76 − 1) / 3 = −32.67
    expect(overview.profitFactor).toBeCloseTo(75 / 98, 12); // 0.7653
  });

  it("reports drawdown, Sharpe and exposure on the daily curve", () => {
    // closes 10000, 10000, 10127, 10070, 9962, 9974, 9997: peak 10127, trough 9962 → 165 = 1.63 %
    expect(overview.maxDrawdown).toBe(165);
    expect(overview.maxDrawdownFraction).toBeCloseTo(165 / 10127, 12);
    // returns 0, 127/10000, −57/10127, −108/10070, 12/9962, 23/9974
    //   = 0, 0.0127, −0.0056285, −0.0107249, 0.0012046, 0.0023060
    // mean = −0.00014287 / 6 = −0.0000238117; Σ squared deviations = 0.00031476;
    // sample sd = √(0.00031476 / 5) = 0.0079342; Sharpe = −0.0000238117 / 0.0079342 × √252 = −0.04764
    expect(overview.sharpeRatio).toBeCloseTo(-0.0476416, 6);
    expect(overview.exposure).toBe(5 / 6); // flat only on the half day of Dec 31
    expect(overview.grossExposure).toBeCloseTo(264 / 9997, 12); // |6 × 44| / 9997 = 0.0264
  });

  it("lists the positions still open", () => {
    expect(overview.openPositions).toMatchObject([{ symbol: "BBB", quantity: 6, averagePrice: 40, markPrice: 44 }]);
  });
});

describe("runOverview edge cases", () => {
  it("reports a run without trades as flat, with no ratios", () => {
    const overview = overviewOf(5000, [], [], ["2024-01-01", "2024-01-08"]);
    expect(overview).toMatchObject({
      endingEquity: 5000,
      totalPnl: 0,
      realizedPnl: 0,
      unrealizedPnl: 0,
      totalFees: 0,
      fillCount: 0,
      closingFillCount: 0,
      winRate: null,
      averageWin: null,
      averageLoss: null,
      profitFactor: null,
      maxDrawdown: 0,
      maxDrawdownFraction: 0,
      sharpeRatio: null, // seven returns, all 0: no variation
      exposure: 0,
      grossExposure: 0,
      openPositions: [],
    });
  });

  it("reports a run of only losers: win rate 0 and profit factor 0", () => {
    const fills = blotter(
      ["2024-01-01T10:00:00Z", "buy", 10, "X", 20],
      ["2024-01-01T15:00:00Z", "sell", 10, "X", 18], // 10 × −2 = −20
      ["2024-01-02T10:00:00Z", "sell", 5, "Y", 30],
      ["2024-01-02T15:00:00Z", "buy", 5, "Y", 31], //  5 × −1 = −5
    );
    const overview = overviewOf(1000, fills, [], ["2024-01-01", "2024-01-03"]);
    expect(overview).toMatchObject({ realizedPnl: -25, closingFillCount: 2, winCount: 0, lossCount: 2, winRate: 0 });
    expect(overview).toMatchObject({ averageWin: null, averageLoss: -12.5, profitFactor: 0, endingEquity: 975 });
    // closes 1000, 980, 975: drawdown 25 = 2.5 %; two returns −0.02 and −5/980 → a negative Sharpe
    expect(overview.maxDrawdown).toBe(25);
    expect(overview.maxDrawdownFraction).toBeCloseTo(0.025, 12);
    expect(overview.sharpeRatio).toBeLessThan(0);
    expect(overview.exposure).toBe(1);
  });

  it("values positions still open at the end, at the last fill price when unmarked", () => {
    const fills = blotter(
      ["2024-01-01T10:00:00Z", "buy", 10, "X", 100, { fees: 1 }],
      ["2024-01-01T11:00:00Z", "buy", 10, "X", 110, { fees: 1 }], // X +20 @ 105, never marked
      ["2024-01-01T12:00:00Z", "sell", 4, "Y", 50, { fees: 1 }], // Y −4 @ 50
    );
    const marks = marksOf(["2024-01-01T20:00:00Z", "Y", 45]);
    const overview = overviewOf(3000, fills, marks, ["2024-01-01", "2024-01-02"]);
    // unrealized: X 20 × (110 − 105) = 100; Y −4 × (45 − 50) = 20 → 120; fees 3 → total P&L 117
    expect(overview).toMatchObject({ realizedPnl: 0, unrealizedPnl: 120, totalFees: 3, totalPnl: 117 });
    expect(overview.endingEquity).toBe(3117);
    // cash 3000 − 1000 − 1100 + 200 − 3 = 1097; gross exposure (2200 + 180) / 3117
    expect(overview.endingCash).toBe(1097);
    expect(overview.grossExposure).toBeCloseTo(2380 / 3117, 12);
    expect(overview.closingFillCount).toBe(0);
    expect(overview.sharpeRatio).toBeNull(); // a one-day run has a single return
  });

  it("ignores fills and marks after the end, as for a run still going", () => {
    const fills = blotter(["2024-01-01T10:00:00Z", "buy", 1, "X", 100], ["2024-01-03T10:00:00Z", "sell", 1, "X", 200]);
    const marks = marksOf(["2024-01-01T20:00:00Z", "X", 90], ["2024-01-02T20:00:00Z", "X", 300]);
    const overview = overviewOf(1000, fills, marks, ["2024-01-01", "2024-01-02"]);
    expect(overview).toMatchObject({ fillCount: 1, realizedPnl: 0, unrealizedPnl: -10, endingEquity: 990 });
  });
});
