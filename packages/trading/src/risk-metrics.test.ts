import { describe, expect, it } from "vitest";
import { maxDrawdown, periodReturns, sharpeRatio } from "./risk-metrics.js";

describe("maxDrawdown", () => {
  it("measures the deepest fall from a running peak", () => {
    // peaks 100, 120 (falls to 90: 30 = 25 %), 130 (falls to 110: 20)
    expect(maxDrawdown([100, 120, 90, 130, 110])).toEqual({ amount: 30, fraction: 0.25 });
  });

  it("takes money and fraction as separate maxima", () => {
    // 100 → 50 loses 50 = 50 %; 1000 → 800 loses 200 = 20 %
    expect(maxDrawdown([100, 50, 1000, 800])).toEqual({ amount: 200, fraction: 0.5 });
  });

  it("is zero for a curve that never falls, or is empty", () => {
    expect(maxDrawdown([100, 100, 105])).toEqual({ amount: 0, fraction: 0 });
    expect(maxDrawdown([])).toEqual({ amount: 0, fraction: 0 });
  });
});

describe("periodReturns", () => {
  it("gives simple returns between consecutive values", () => {
    // 110/100 − 1 = 0.1; 99/110 − 1 = −0.1; 99/99 − 1 = 0
    const returns = periodReturns([100, 110, 99, 99]) ?? [];
    expect(returns).toHaveLength(3);
    expect(returns[0]).toBeCloseTo(0.1, 12);
    expect(returns[1]).toBeCloseTo(-0.1, 12);
    expect(returns[2]).toBe(0);
  });

  it("has no returns when a base is not positive", () => {
    expect(periodReturns([100, 0, 50])).toBeNull();
  });
});

describe("sharpeRatio", () => {
  it("annualizes mean over sample standard deviation by √252", () => {
    // mean = 0.02 / 4 = 0.005; deviations 0.005, −0.015, 0.015, −0.005
    // Σ squares = (25 + 225 + 225 + 25) e-6 = 500e-6; variance = 500e-6 / 3; sd = 0.0129099…
    // sharpe = 0.005 / 0.0129099 × √252 = √(0.000025 × 3 / 0.0005) × √252 = √0.15 × √252 = √37.8
    expect(sharpeRatio([0.01, -0.01, 0.02, 0])).toBeCloseTo(Math.sqrt(37.8), 10);
    expect(Math.sqrt(37.8)).toBeCloseTo(6.1482, 4);
  });

  it("honours another annualization", () => {
    // same returns, √52 instead of √252: √0.15 × √52 = √7.8
    expect(sharpeRatio([0.01, -0.01, 0.02, 0], 52)).toBeCloseTo(Math.sqrt(7.8), 10);
  });

  it("is null with fewer than two returns or when returns do not vary", () => {
    expect(sharpeRatio([])).toBeNull();
    expect(sharpeRatio([0.05])).toBeNull();
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBeNull();
  });
});
