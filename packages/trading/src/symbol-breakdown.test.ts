import { describe, expect, it } from "vitest";
import { symbolBreakdown } from "./symbol-breakdown.js";
import { blotter } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";

describe("symbolBreakdown", () => {
  it("summarizes each symbol of the ten-fill run at its end", () => {
    expect(symbolBreakdown(tenFillRun.fills, tenFillRun.marks, tenFillRun.endedAt)).toEqual([
      {
        symbol: "AAA",
        fillCount: 6, // fills 1, 2, 4, 6, 7, 9
        closingFillCount: 4, // 4, 6, 7, 9 with nets +49, −76, +7, −1
        winRate: 0.5,
        realizedPnl: -17, // 50 − 75 + 8 + 0
        fees: 6,
        netPnl: -23,
        unrealizedPnl: 0,
        openQuantity: 0,
        volume: 50, // 10 + 10 + 5 + 20 + 2 + 3
        notionalVolume: 5167, // 1000 + 1100 + 575 + 2000 + 192 + 300
      },
      {
        symbol: "BBB",
        fillCount: 4, // fills 3, 5, 8, 10
        closingFillCount: 2, // 5 and 10 with nets −21, +19
        winRate: 0.5,
        realizedPnl: 0, // −20 + 20
        fees: 4,
        netPnl: -4,
        unrealizedPnl: 24, // 6 × (44 − 40)
        openQuantity: 6,
        volume: 24, // 5 + 5 + 10 + 4
        notionalVolume: 1100, // 250 + 270 + 400 + 180
      },
    ]);
  });

  it("defaults to the latest fill or mark, so a later mark revalues what is open", () => {
    const [, bbb] = symbolBreakdown(tenFillRun.fills, tenFillRun.marks);
    // the Jan 6 12:00 mark of 1000: 6 × (1000 − 40) = 5760
    expect(bbb?.unrealizedPnl).toBe(5760);
  });

  it("leaves out fills after the time", () => {
    const fills = blotter(["2024-01-01T10:00:00Z", "sell", 2, "Z", 10], ["2024-01-02T10:00:00Z", "buy", 2, "Z", 8]);
    // at Jan 1 20:00 only the short sale counts: −2 @ 10, priced at its own fill → unrealized 0
    expect(symbolBreakdown(fills, [], new Date("2024-01-01T20:00:00Z"))).toMatchObject([
      { symbol: "Z", fillCount: 1, closingFillCount: 0, winRate: null, openQuantity: -2, realizedPnl: 0 },
    ]);
    // with both, the cover realizes 2 × (10 − 8) = 4
    expect(symbolBreakdown(fills, [])).toMatchObject([{ fillCount: 2, winRate: 1, realizedPnl: 4, openQuantity: 0 }]);
  });

  it("is empty without fills", () => {
    expect(symbolBreakdown([], [])).toEqual([]);
  });
});
