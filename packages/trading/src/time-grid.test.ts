import { describe, expect, it } from "vitest";
import { floorToInterval, gridPeriods, intervalGrid, MAX_GRID_POINTS } from "./time-grid.js";

const iso = (dates: readonly Date[]) => dates.map((date) => date.toISOString());
const at = (value: string) => new Date(value);

describe("floorToInterval", () => {
  it("floors to the UTC hour and day", () => {
    expect(floorToInterval(at("2024-03-05T13:45:10Z"), "hour").toISOString()).toBe("2024-03-05T13:00:00.000Z");
    expect(floorToInterval(at("2024-03-05T13:45:10Z"), "day").toISOString()).toBe("2024-03-05T00:00:00.000Z");
  });

  it("floors to Monday for weeks, like date_trunc('week')", () => {
    // 2024-03-07 is a Thursday, 2024-03-10 a Sunday; both belong to the week of Monday 2024-03-04.
    expect(floorToInterval(at("2024-03-07T09:00:00Z"), "week").toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(floorToInterval(at("2024-03-10T23:59:59Z"), "week").toISOString()).toBe("2024-03-04T00:00:00.000Z");
    expect(floorToInterval(at("2024-03-11T00:00:00Z"), "week").toISOString()).toBe("2024-03-11T00:00:00.000Z");
  });
});

describe("intervalGrid", () => {
  it("puts the start, the boundaries strictly inside, and the end", () => {
    expect(iso(intervalGrid(at("2024-01-01T10:30:00Z"), at("2024-01-03T00:00:00Z"), "day"))).toEqual([
      "2024-01-01T10:30:00.000Z",
      "2024-01-02T00:00:00.000Z",
      "2024-01-03T00:00:00.000Z",
    ]);
  });

  it("does not repeat a start that falls on a boundary", () => {
    expect(iso(intervalGrid(at("2024-01-01T10:00:00Z"), at("2024-01-01T12:30:00Z"), "hour"))).toEqual([
      "2024-01-01T10:00:00.000Z",
      "2024-01-01T11:00:00.000Z",
      "2024-01-01T12:00:00.000Z",
      "2024-01-01T12:30:00.000Z",
    ]);
  });

  it("steps weekly on Mondays", () => {
    expect(iso(intervalGrid(at("2024-03-07T00:00:00Z"), at("2024-03-20T00:00:00Z"), "week"))).toEqual([
      "2024-03-07T00:00:00.000Z",
      "2024-03-11T00:00:00.000Z",
      "2024-03-18T00:00:00.000Z",
      "2024-03-20T00:00:00.000Z",
    ]);
  });

  it("is a single point when the range is empty, and has no periods", () => {
    const grid = intervalGrid(at("2024-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z"), "day");
    expect(iso(grid)).toEqual(["2024-01-01T00:00:00.000Z"]);
    expect(gridPeriods(grid)).toEqual([]);
  });

  it("rejects a reversed range and a runaway one", () => {
    expect(() => intervalGrid(at("2024-01-02T00:00:00Z"), at("2024-01-01T00:00:00Z"), "day")).toThrow(RangeError);
    const tooFar = new Date(Date.UTC(2024, 0, 1) + MAX_GRID_POINTS * 3_600_000);
    expect(() => intervalGrid(at("2024-01-01T00:00:00Z"), tooFar, "hour")).toThrow(RangeError);
  });
});
