import { describe, expect, it } from "vitest";
import { positionsAt } from "./positions-at.js";
import { blotter } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";

const { fills, marks } = tenFillRun;

describe("positionsAt", () => {
  it("lists open positions with their marks at the end of the ten-fill run", () => {
    // BBB +6 @ 40, latest mark before Jan 6 is 44 (the 1000 mark comes later)
    expect(positionsAt(fills, marks, new Date("2024-01-06T00:00:00Z"))).toEqual([
      {
        symbol: "BBB",
        quantity: 6,
        averagePrice: 40,
        markPrice: 44,
        priceSource: "mark",
        marketValue: 264,
        unrealizedPnl: 24,
      },
    ]);
  });

  it("shows the short left by the flip, valued at the latest mark even when a fill is newer", () => {
    // Jan 4 12:00: AAA −3 @ 100, mark 98 (Jan 3 23:00): value −294, unrealized −3 × (98 − 100) = 6.
    // BBB +10 @ 40 bought at 10:00; its latest mark is still Jan 1's 52, which wins over the fill
    // price by the rule (a fill price is only the fallback when a symbol has no mark at all):
    // value 10 × 52 = 520, unrealized 10 × (52 − 40) = 120.
    const open = positionsAt(fills, marks, new Date("2024-01-04T12:00:00Z"));
    const mark = { priceSource: "mark" };
    expect(open).toEqual([
      { symbol: "AAA", quantity: -3, averagePrice: 100, markPrice: 98, ...mark, marketValue: -294, unrealizedPnl: 6 },
      { symbol: "BBB", quantity: 10, averagePrice: 40, markPrice: 52, ...mark, marketValue: 520, unrealizedPnl: 120 },
    ]);
  });

  it("counts a fill executed exactly at the time", () => {
    expect(positionsAt(fills, marks, new Date("2024-01-01T09:59:59.999Z"))).toEqual([]);
    const atFill = positionsAt(fills, marks, new Date("2024-01-01T10:00:00Z"));
    expect(atFill).toMatchObject([{ symbol: "AAA", quantity: 10 }]);
  });

  it("values an unmarked position at its latest fill price, not its average", () => {
    const twoBuys = blotter(["2024-01-01T10:00:00Z", "buy", 10, "X", 100], ["2024-01-01T11:00:00Z", "buy", 10, "X", 110]);
    // average (1000 + 1100) / 20 = 105; priced at the last fill, 110: 20 × 5 = 100
    expect(positionsAt(twoBuys, [], new Date("2024-01-02T00:00:00Z"))).toMatchObject([
      { averagePrice: 105, markPrice: 110, priceSource: "fill", unrealizedPnl: 100 },
    ]);
  });
});
