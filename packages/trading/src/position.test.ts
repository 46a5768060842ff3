import { describe, expect, it } from "vitest";
import { applyFill, FLAT } from "./position.js";
import type { Position } from "./types.js";

const buy = (quantity: number, price: number) => ({ side: "buy" as const, quantity, price });
const sell = (quantity: number, price: number) => ({ side: "sell" as const, quantity, price });
const long = (quantity: number, averagePrice: number): Position => ({ quantity, averagePrice });

describe("applyFill on a long position", () => {
  it("opens from flat at the fill price", () => {
    expect(applyFill(FLAT, buy(10, 100))).toEqual({ position: long(10, 100), realizedPnl: 0, closedQuantity: 0 });
  });

  it("adds at the quantity-weighted average", () => {
    // (10 × 100 + 30 × 120) / 40 = 4600 / 40 = 115
    expect(applyFill(long(10, 100), buy(30, 120)).position).toEqual(long(40, 115));
  });

  it("partially closes, keeping the average and realizing the difference", () => {
    // 15 × (112 − 115) = −45
    expect(applyFill(long(40, 115), sell(15, 112))).toEqual({
      position: long(25, 115),
      realizedPnl: -45,
      closedQuantity: 15,
    });
  });

  it("fully closes to flat with no average left", () => {
    // 25 × (120 − 115) = 125
    expect(applyFill(long(25, 115), sell(25, 120))).toEqual({ position: FLAT, realizedPnl: 125, closedQuantity: 25 });
  });

  it("flips to short: closes the long and shorts the remainder at the fill price", () => {
    // closes 10: 10 × (90 − 100) = −100; the other 6 open a short at 90
    expect(applyFill(long(10, 100), sell(16, 90))).toEqual({
      position: long(-6, 90),
      realizedPnl: -100,
      closedQuantity: 10,
    });
  });
});

describe("applyFill on a short position", () => {
  it("opens a short from flat", () => {
    expect(applyFill(FLAT, sell(5, 50)).position).toEqual(long(-5, 50));
  });

  it("adds to a short at the weighted average", () => {
    // (5 × 50 + 15 × 58) / 20 = 1120 / 20 = 56
    expect(applyFill(long(-5, 50), sell(15, 58))).toEqual({
      position: long(-20, 56),
      realizedPnl: 0,
      closedQuantity: 0,
    });
  });

  it("covers partially: a short gains when the price falls", () => {
    // 8 × (56 − 51) = +40
    expect(applyFill(long(-20, 56), buy(8, 51))).toEqual({
      position: long(-12, 56),
      realizedPnl: 40,
      closedQuantity: 8,
    });
  });

  it("covers at a loss when the price rose", () => {
    // 12 × (56 − 60) = −48
    expect(applyFill(long(-12, 56), buy(12, 60))).toEqual({ position: FLAT, realizedPnl: -48, closedQuantity: 12 });
  });

  it("flips to long at the fill price", () => {
    // covers 4: 4 × (50 − 45) = +20; the other 6 open a long at 45
    expect(applyFill(long(-4, 50), buy(10, 45))).toEqual({ position: long(6, 45), realizedPnl: 20, closedQuantity: 4 });
  });
});

describe("applyFill precision and input checks", () => {
  it("treats float residue after a close as flat", () => {
    // 0.1 + 0.2 is 0.30000000000000004 in doubles; selling 0.3 must not leave a 4e-17 position.
    const opened = applyFill(applyFill(FLAT, buy(0.1, 10)).position, buy(0.2, 10)).position;
    expect(opened.quantity).not.toBe(0.3);
    expect(applyFill(opened, sell(0.3, 12)).position).toEqual(FLAT);
  });

  it("rejects a quantity that is not positive", () => {
    expect(() => applyFill(FLAT, buy(0, 10))).toThrow(RangeError);
    expect(() => applyFill(FLAT, sell(-1, 10))).toThrow(RangeError);
    expect(() => applyFill(FLAT, buy(Number.NaN, 10))).toThrow(RangeError);
  });

  it("rejects a price that is not finite", () => {
    expect(() => applyFill(FLAT, buy(1, Number.POSITIVE_INFINITY))).toThrow(RangeError);
  });
});
