import { describe, expect, it } from "vitest";
import { replayFills } from "../replay.js";
import { closingStats } from "../closing-stats.js";
import { randomRun } from "./random-run.js";

const startedAt = new Date("2026-03-02T14:30:00Z");
const endedAt = new Date("2026-03-27T21:00:00Z");
const options = { seed: 1, startedAt, endedAt, fillCount: 400, symbols: ["AAA", "BBB", "CCC"] };

// The server's tools are checked against this library on runs from this generator: it must
// produce every case it promises, or those checks would cover less than they claim.
describe("randomRun", () => {
  it("opens shorts, flips, closes partly and fully, and leaves positions open", () => {
    const { fills } = randomRun(options);
    const replayed = replayFills(fills).fillsWithRealized;
    const flips = replayed.filter((fill, index) => {
      const before =
        replayed
          .slice(0, index)
          .filter((earlier) => earlier.symbol === fill.symbol)
          .at(-1)?.positionAfter.quantity ?? 0;
      return Math.sign(before) * Math.sign(fill.positionAfter.quantity) === -1;
    });
    expect(replayed.some((fill) => fill.positionAfter.quantity < 0)).toBe(true);
    expect(flips.length).toBeGreaterThan(5);
    expect(replayed.some((fill) => fill.closedQuantity > 0 && fill.positionAfter.quantity !== 0)).toBe(true);
    expect(replayed.some((fill) => fill.closedQuantity > 0 && fill.positionAfter.quantity === 0)).toBe(true);
    expect([...replayFills(fills).positions.values()].some((position) => position.quantity !== 0)).toBe(true);
  });

  it("puts fills on the run's ends and on hour and day boundaries, and is repeatable", () => {
    const { fills, marks } = randomRun(options);
    const times = fills.map((fill) => fill.executedAt.getTime());
    expect(times).toContain(startedAt.getTime());
    expect(times).toContain(endedAt.getTime());
    expect(times.filter((time) => time % 86_400_000 === 0).length).toBeGreaterThan(3);
    expect(times.filter((time) => time % 3_600_000 === 0).length).toBeGreaterThan(10);
    expect(marks.length).toBeGreaterThan(70);
    expect(randomRun(options)).toEqual({ fills, marks });
  });

  it("makes only losers when asked, and no shorts when they are off", () => {
    const losers = closingStats(replayFills(randomRun({ ...options, losersOnly: true }).fills).fillsWithRealized);
    expect(losers).toMatchObject({ winCount: 0 });
    expect(losers.lossCount).toBeGreaterThan(50);
    const longOnly = replayFills(randomRun({ ...options, allowShorts: false }).fills).fillsWithRealized;
    expect(longOnly.every((fill) => fill.positionAfter.quantity >= 0)).toBe(true);
  });
});
