import { describe, expect, it } from "vitest";
import { replayFills } from "./replay.js";
import { blotter, seededRandom, signedNotionalBySymbol, type FillLine } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";
import type { Fill } from "./types.js";

/** openQuantity × averagePrice − (Σ signed qty × price + Σ realized), per symbol: should be 0. */
function identityGaps(fills: readonly Fill[]): Map<string, number> {
  const { positions, realizedBySymbol } = replayFills(fills);
  const gaps = new Map<string, number>();
  for (const [symbol, notional] of signedNotionalBySymbol(fills)) {
    const position = positions.get(symbol) ?? { quantity: Number.NaN, averagePrice: Number.NaN };
    gaps.set(symbol, position.quantity * position.averagePrice - (notional + (realizedBySymbol.get(symbol) ?? 0)));
  }
  return gaps;
}

describe("replayFills", () => {
  it("computes each fill's realized P&L, the final positions and per-symbol totals", () => {
    const replay = replayFills(tenFillRun.fills);
    // Column "realized" of the ten-fill table.
    expect(replay.fillsWithRealized.map((fill) => fill.realizedPnl)).toEqual([0, 0, 0, 50, -20, -75, 8, 0, 0, 20]);
    expect(replay.fillsWithRealized.map((fill) => fill.closedQuantity)).toEqual([0, 0, 0, 5, 5, 15, 2, 0, 3, 4]);
    expect(replay.positions).toEqual(
      new Map([
        ["AAA", { quantity: 0, averagePrice: 0 }],
        ["BBB", { quantity: 6, averagePrice: 40 }],
      ]),
    );
    // AAA: 50 − 75 + 8 + 0 = −17; BBB: −20 + 20 = 0
    expect(replay.realizedBySymbol).toEqual(
      new Map([
        ["AAA", -17],
        ["BBB", 0],
      ]),
    );
  });

  it("replays in time order, then by id, whatever order the fills come in", () => {
    const fills = blotter(["2024-01-02T00:00:00Z", "sell", 10, "X", 12], ["2024-01-01T00:00:00Z", "buy", 10, "X", 10]);
    const replay = replayFills(fills);
    expect(replay.fillsWithRealized.map((fill) => fill.id)).toEqual([2, 1]);
    // bought at 10 first, then sold at 12: 10 × 2 = 20 (the other order would open a short)
    expect(replay.realizedBySymbol.get("X")).toBe(20);
  });
});

describe("cost-basis identity: openQuantity × averagePrice = Σ signedQty × price + Σ realizedPnl", () => {
  it("holds on the ten-fill run, which flips AAA from long to short", () => {
    // AAA: 0 × 0 = (1000 + 1100 − 575 − 2000 + 192 + 300 = −983 + 1000 = 17) + (−17) → 0
    // BBB: 6 × 40 = 240 = (−250 + 270 + 400 − 180 = 240) + 0
    for (const gap of identityGaps(tenFillRun.fills).values()) expect(gap).toBeCloseTo(0, 9);
  });

  it("holds across a long → short → long double flip, checked by hand", () => {
    const fills = blotter(
      ["2024-01-01T00:00:00Z", "buy", 10, "X", 20], //   +10 @ 20
      ["2024-01-01T01:00:00Z", "sell", 25, "X", 22], //  realizes 10 × 2 = 20; −15 @ 22
      ["2024-01-01T02:00:00Z", "buy", 20, "X", 19], //   realizes 15 × 3 = 45; +5 @ 19
    );
    // Σ signed notional = 200 − 550 + 380 = 30; + realized 65 = 95 = 5 × 19
    const { positions, realizedBySymbol } = replayFills(fills);
    expect(positions.get("X")).toEqual({ quantity: 5, averagePrice: 19 });
    expect(realizedBySymbol.get("X")).toBe(65);
    expect(identityGaps(fills).get("X")).toBeCloseTo(0, 9);
  });

  it("holds after every prefix of 500 generated fills over three symbols", () => {
    const random = seededRandom(20240101);
    const symbols = ["X", "Y", "Z"];
    const fills = blotter(
      ...Array.from({ length: 500 }, (_, index): FillLine => [
        new Date(Date.UTC(2024, 0, 1, 0, index)).toISOString(),
        random() < 0.5 ? "buy" : "sell",
        Math.round(random() * 5000) / 100 + 0.01,
        symbols[Math.floor(random() * symbols.length)] ?? "X",
        Math.round((50 + random() * 100) * 1e4) / 1e4,
      ]),
    );
    for (let length = 1; length <= fills.length; length += 1) {
      for (const gap of identityGaps(fills.slice(0, length)).values()) expect(Math.abs(gap)).toBeLessThan(1e-6);
    }
    const flips = replayFills(fills).fillsWithRealized.filter(
      (fill) => fill.closedQuantity > 0 && fill.positionAfter.quantity !== 0 && fill.closedQuantity < fill.quantity,
    );
    // The generator must actually produce flips, or the property says little about them.
    expect(flips.length).toBeGreaterThan(20);
  });
});
