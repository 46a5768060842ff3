import { describe, expect, it } from "vitest";
import { createPriceLookup } from "./prices.js";
import { blotter, marksOf } from "./testing/factories.js";

const fills = blotter(
  ["2024-01-01T10:00:00Z", "buy", 1, "AAA", 100],
  ["2024-01-01T12:00:00Z", "buy", 1, "AAA", 104],
  ["2024-01-01T12:00:00Z", "buy", 1, "AAA", 105], // same instant, higher id: the later one
);
const marks = marksOf(
  ["2024-01-02T00:00:00Z", "AAA", 110],
  ["2024-01-01T18:00:00Z", "AAA", 107], // given out of order on purpose
  ["2024-01-02T00:00:00Z", "BBB", 50],
);
const prices = createPriceLookup(fills, marks);
const at = (iso: string) => new Date(iso);

describe("createPriceLookup", () => {
  it("uses the latest mark at or before the time", () => {
    expect(prices.priceAt("AAA", at("2024-01-01T18:00:00Z"))).toEqual({ price: 107, source: "mark" });
    expect(prices.priceAt("AAA", at("2024-01-01T23:59:59Z"))).toEqual({ price: 107, source: "mark" });
    expect(prices.priceAt("AAA", at("2024-01-05T00:00:00Z"))).toEqual({ price: 110, source: "mark" });
  });

  it("falls back to the latest fill price when the symbol has no mark yet", () => {
    expect(prices.priceAt("AAA", at("2024-01-01T11:00:00Z"))).toEqual({ price: 100, source: "fill" });
    expect(prices.priceAt("AAA", at("2024-01-01T12:00:00Z"))).toEqual({ price: 105, source: "fill" });
  });

  it("knows no price before the first fill or mark, nor for an unknown symbol", () => {
    expect(prices.priceAt("AAA", at("2024-01-01T09:59:59Z"))).toBeUndefined();
    expect(prices.priceAt("BBB", at("2024-01-01T23:00:00Z"))).toBeUndefined();
    expect(prices.priceAt("ZZZ", at("2024-02-01T00:00:00Z"))).toBeUndefined();
  });
});
