import { describe, expect, it } from "vitest";
import { exposedFraction } from "./exposure.js";
import { blotter } from "./testing/factories.js";
import { tenFillRun } from "./testing/ten-fill-run.js";
import { intervalGrid } from "./time-grid.js";

const days = (from: string, to: string) => intervalGrid(new Date(from), new Date(to), "day");

describe("exposedFraction", () => {
  it("counts the ten-fill run's days with a position open", () => {
    // Dec 31 (half day): flat. Jan 1: AAA opened. Jan 2, 3, 4: open at the start. Jan 5: BBB open → 5 / 6
    const grid = intervalGrid(tenFillRun.startedAt, tenFillRun.endedAt, "day");
    expect(exposedFraction(tenFillRun.fills, grid)).toBe(5 / 6);
  });

  it("counts a day whose position is opened and closed within it, and not the flat days around", () => {
    const fills = blotter(["2024-01-02T10:00:00Z", "buy", 1, "X", 10], ["2024-01-02T11:00:00Z", "sell", 1, "X", 11]);
    // Jan 1 flat, Jan 2 open 10:00–11:00, Jan 3 and 4 flat → 1 / 4
    expect(exposedFraction(fills, days("2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z"))).toBe(0.25);
  });

  it("counts days carried by a position opened before the run", () => {
    const fills = blotter(["2023-12-25T10:00:00Z", "sell", 1, "X", 10], ["2024-01-02T09:00:00Z", "buy", 1, "X", 9]);
    // short at the start of Jan 1 and of Jan 2 (covered 09:00); flat Jan 3 → 2 / 3
    expect(exposedFraction(fills, days("2024-01-01T00:00:00Z", "2024-01-04T00:00:00Z"))).toBe(2 / 3);
  });

  it("does not count a round trip finished before the run", () => {
    const fills = blotter(["2023-12-30T10:00:00Z", "buy", 1, "X", 10], ["2023-12-30T11:00:00Z", "sell", 1, "X", 11]);
    expect(exposedFraction(fills, days("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"))).toBe(0);
  });

  it("gives a fill at a midnight to the day it starts, and one at the end to the last day", () => {
    const opensAtMidnight = blotter(["2024-01-02T00:00:00Z", "buy", 1, "X", 10]);
    // Jan 1 flat; Jan 2 open → 1 / 2
    expect(exposedFraction(opensAtMidnight, days("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"))).toBe(0.5);
    const opensAtEnd = blotter(["2024-01-03T00:00:00Z", "buy", 1, "X", 10]);
    expect(exposedFraction(opensAtEnd, days("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"))).toBe(0.5);
  });

  it("is 0 without fills and null for a run of no duration", () => {
    expect(exposedFraction([], days("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"))).toBe(0);
    expect(exposedFraction([], days("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"))).toBeNull();
  });
});
