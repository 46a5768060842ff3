import { describe, expect, it } from "vitest";
import { closingStats } from "./closing-stats.js";
import { replayFills } from "./replay.js";
import { blotter } from "./testing/factories.js";

const statsOf = (...lines: Parameters<typeof blotter>) => closingStats(replayFills(blotter(...lines)).fillsWithRealized);

describe("closingStats", () => {
  it("judges a closing fill net of its own fees", () => {
    const stats = statsOf(
      ["2024-01-01T10:00:00Z", "buy", 10, "X", 10, { fees: 5 }], // opening fees do not count against the close
      ["2024-01-01T11:00:00Z", "sell", 5, "X", 10.5, { fees: 3 }], // 5 × 0.5 = 2.5 − 3 = −0.5: a loss
      ["2024-01-01T12:00:00Z", "sell", 5, "X", 11, { fees: 2 }], // 5 × 1 = 5 − 2 = +3: a win
    );
    expect(stats).toMatchObject({ closingFillCount: 2, winCount: 1, lossCount: 1, winRate: 0.5 });
    // profit factor 3 / 0.5 = 6
    expect(stats.averageWin).toBeCloseTo(3, 12);
    expect(stats.averageLoss).toBeCloseTo(-0.5, 12);
    expect(stats.profitFactor).toBeCloseTo(6, 12);
  });

  it("counts a breakeven close as a closing fill that is neither win nor loss, float noise included", () => {
    const fills = blotter(
      ["2024-01-01T10:00:00Z", "buy", 0.1, "X", 7.77],
      ["2024-01-01T10:30:00Z", "buy", 0.2, "X", 7.77],
      ["2024-01-01T11:00:00Z", "sell", 0.3, "X", 7.77],
    );
    const replay = replayFills(fills);
    // In doubles the average comes out 7.769999999999999, so the close "realizes" 2.7e-16.
    expect(replay.realizedBySymbol.get("X")).toBeGreaterThan(0);
    expect(closingStats(replay.fillsWithRealized)).toMatchObject({
      closingFillCount: 1,
      winCount: 0,
      lossCount: 0,
      winRate: 0,
      profitFactor: null,
    });
  });

  it("has no rates, averages or profit factor without a closing fill", () => {
    expect(statsOf(["2024-01-01T10:00:00Z", "buy", 3, "X", 10])).toEqual({
      closingFillCount: 0,
      winCount: 0,
      lossCount: 0,
      winRate: null,
      averageWin: null,
      averageLoss: null,
      grossWins: 0,
      grossLosses: 0,
      profitFactor: null,
    });
  });
});
