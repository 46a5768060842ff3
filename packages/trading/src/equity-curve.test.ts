import { describe, expect, it } from "vitest";
import { equityCurve } from "./equity-curve.js";
import { blotter, marksOf } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";

describe("equityCurve", () => {
  it("closes each day of the ten-fill run at the hand-computed equity", () => {
    const curve = equityCurve({ ...tenFillRun, from: tenFillRun.startedAt, to: tenFillRun.endedAt, interval: "day" });
    expect(curve.map((point) => point.at.toISOString().slice(0, 13))).toEqual([
      "2023-12-31T12",
      "2024-01-01T00",
      "2024-01-02T00",
      "2024-01-03T00",
      "2024-01-04T00",
      "2024-01-05T00",
      "2024-01-06T00",
    ]);
    // Daily closes in the ten-fill table.
    expect(curve.map((point) => point.equity)).toEqual([10000, 10000, 10127, 10070, 9962, 9974, 9997]);
    expect(curve.map((point) => point.cash)).toEqual([10000, 10000, 8147, 8450, 10256, 9554, 9733]);
    // realized: after fills 4–5: 50 − 20 = 30; after 6–7: 30 − 75 + 8 = −37; after 9: −37; after 10: −17
    expect(curve.map((point) => point.realizedPnl)).toEqual([0, 0, 0, 30, -37, -37, -17]);
    // unrealized: 20 × 7 − 5 × 2 = 130; 15 × 3 = 45; −3 × (98 − 100) = 6; 10 × 2 = 20; 6 × 4 = 24
    expect(curve.map((point) => point.unrealizedPnl)).toEqual([0, 0, 130, 45, 6, 20, 24]);
    expect(curve.map((point) => point.fees)).toEqual([0, 0, 3, 5, 7, 9, 10]);
  });

  it("keeps equity = start + realized + unrealized − fees at every hour", () => {
    const curve = equityCurve({ ...tenFillRun, from: tenFillRun.startedAt, to: tenFillRun.endedAt, interval: "hour" });
    // 12 hours of Dec 31 + 5 × 24 hours of Jan 1–5, plus the starting point
    expect(curve).toHaveLength(12 + 120 + 1);
    for (const point of curve) {
      const fromPnl = 10_000 + point.realizedPnl + point.unrealizedPnl - point.fees;
      expect(point.equity).toBeCloseTo(fromPnl, 9);
      expect(point.equity).toBeCloseTo(point.cash + point.marketValue, 9);
    }
  });

  it("adds cash on a short sale and values the short as a liability", () => {
    const fills = blotter(["2024-01-01T10:00:00Z", "sell", 10, "X", 50, { fees: 2 }]);
    const marks = marksOf(["2024-01-01T11:00:00Z", "X", 45]);
    const [, afterSale, afterMark] = equityCurve({
      startingCapital: 1000,
      fills,
      marks,
      from: new Date("2024-01-01T09:30:00Z"),
      to: new Date("2024-01-01T11:00:00Z"),
      interval: "hour",
    });
    // 10:00 (fill included, it happened at the boundary): cash 1000 + 500 − 2 = 1498; value −10 × 50
    expect(afterSale).toMatchObject({ cash: 1498, marketValue: -500, equity: 998, unrealizedPnl: 0 });
    // 11:00: mark 45, value −450, unrealized −10 × (45 − 50) = +50, equity 1498 − 450 = 1048
    expect(afterMark).toMatchObject({ cash: 1498, marketValue: -450, equity: 1048, unrealizedPnl: 50 });
  });

  it("applies fills from before the range to its first point", () => {
    const fills = blotter(["2024-01-01T10:00:00Z", "buy", 2, "X", 100]);
    const [first] = equityCurve({
      startingCapital: 500,
      fills,
      marks: marksOf(["2024-01-02T00:00:00Z", "X", 110]),
      from: new Date("2024-01-03T00:00:00Z"),
      to: new Date("2024-01-04T00:00:00Z"),
      interval: "week",
    });
    // cash 500 − 200 = 300; 2 × 110 = 220; equity 520
    expect(first).toMatchObject({ cash: 300, equity: 520, unrealizedPnl: 20 });
  });
});
