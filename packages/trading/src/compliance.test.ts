import { describe, expect, it } from "vitest";
import { checkCompliance, type ComplianceConfig } from "./compliance.js";
import { blotter } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";

const strict: ComplianceConfig = {
  allowShorting: false,
  allowOptionsStrategies: false,
  allowHedging: false,
  allowedOrderTypes: ["market", "limit"],
  buyingPower: 10_000,
  marginAccount: false,
};

const permissive: ComplianceConfig = {
  allowShorting: true,
  allowOptionsStrategies: true,
  allowHedging: true,
  allowedOrderTypes: ["market", "limit", "stop", "stop_limit", "trailing_stop"],
  buyingPower: 10_000,
  marginAccount: false,
};

// Gross notional at cost after each fill in the comments.
const planted = blotter(
  ["2024-01-01T10:00:00Z", "buy", 50, "AAA", 100], //                                     5000
  ["2024-01-01T10:05:00Z", "buy", 10, "XYZ240119C100", 5, { assetType: "option", orderType: "limit" }], // 5050: option
  ["2024-01-01T10:10:00Z", "sell", 60, "AAA", 101], //   flips to −10 @ 101: 1010 + 50 = 1060: short
  ["2024-01-01T10:15:00Z", "buy", 10, "AAA", 100, { orderType: "stop" }], // covers: 50: stop order
  ["2024-01-01T10:20:00Z", "buy", 100, "BBB", 99, { orderType: "limit" }], //   9900 + 50 = 9950, within 10000
  ["2024-01-01T10:25:00Z", "buy", 1, "BBB", 99], //                          9999 + 50 = 10049 > 10000
  ["2024-01-01T10:30:00Z", "sell", 5, "BBB", 100, { orderType: "trailing_stop" }], // lowers gross: order type only
  ["2024-01-01T10:35:00Z", "sell", 1, "CCC", 10, { assetType: "option", orderType: "stop_limit" }], // three at once
);

describe("checkCompliance", () => {
  it("finds every planted violation, in fill order", () => {
    expect(checkCompliance(planted, strict).map(({ fillId, rule }) => [fillId, rule])).toEqual([
      [2, "options_disallowed"],
      [3, "shorting_disallowed"],
      [4, "order_type_not_allowed"],
      [6, "buying_power_exceeded"],
      [7, "order_type_not_allowed"],
      [8, "order_type_not_allowed"],
      [8, "options_disallowed"],
      [8, "shorting_disallowed"],
    ]);
  });

  it("explains each violation", () => {
    const details = checkCompliance(planted, strict).map((violation) => violation.detail);
    expect(details).toContain("selling 60 AAA leaves a short of 10");
    expect(details).toContain("gross notional 10049.00 exceeds the limit of 10000.00");
    expect(details).toContain("stop orders are not allowed");
  });

  it("doubles the buying power of a margin account", () => {
    const rules = checkCompliance(planted, { ...strict, marginAccount: true }).map((violation) => violation.rule);
    expect(rules).not.toContain("buying_power_exceeded");
    expect(rules).toHaveLength(7);
  });

  it("flags the fill that goes over the limit, not one that trims while still over it", () => {
    const fills = blotter(
      ["2024-01-01T10:00:00Z", "buy", 120, "X", 100], // 12000 > 10000
      ["2024-01-01T10:01:00Z", "sell", 10, "X", 100], // 11000: still over, but lower
      ["2024-01-01T10:02:00Z", "buy", 5, "X", 100], //   11500: over and higher again
    );
    expect(checkCompliance(fills, strict).map((violation) => violation.fillId)).toEqual([1, 3]);
  });

  it("flags every sell that takes or keeps a position short, but not a partial cover", () => {
    const fills = blotter(
      ["2024-01-01T10:00:00Z", "sell", 5, "X", 10], // opens a short
      ["2024-01-01T10:01:00Z", "sell", 5, "X", 10], // adds to it
      ["2024-01-01T10:02:00Z", "buy", 3, "X", 10], // reduces it: still short, but not a new short sale
    );
    expect(checkCompliance(fills, strict).map((violation) => violation.fillId)).toEqual([1, 2]);
  });

  it("finds nothing when the same fills are allowed", () => {
    expect(checkCompliance(planted, { ...permissive, buyingPower: 20_000 })).toEqual([]);
  });

  it("finds nothing in a run that keeps to strict rules", () => {
    // The long-only part of the ten-fill run (it shorts BBB and flips AAA otherwise): fills 1, 2, 4, 8, 10.
    const longOnly = tenFillRun.fills.filter((fill) => [1, 2, 4, 8, 10].includes(fill.id));
    // gross at cost: 1000, 2100 (AAA 20 @ 105), 1575 (15 @ 105), 1975 (+ BBB 10 @ 40), 1815 (+ 6 @ 40)
    expect(checkCompliance(longOnly, { ...strict, buyingPower: 2100 })).toEqual([]);
    const overLimit = checkCompliance(longOnly, { ...strict, buyingPower: 2099 });
    expect(overLimit.map((violation) => violation.fillId)).toEqual([2]);
  });
});
