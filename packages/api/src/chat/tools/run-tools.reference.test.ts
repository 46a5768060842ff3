import { createTestDatabase, storedFills, storedMarks, type TestDatabase } from "@parley/db/testing";
import { checkCompliance, equityCurve, positionsAt, runOverview, symbolBreakdown, type Fill, type PriceMark } from "@parley/trading";
import { randomRun, type RandomRunOptions } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBreakdown, expectCurve, expectOverview, expectPositions } from "./reference-checks.js";
import { callTool, setRunConfiguration, storeRun, type StoredRun } from "./test-support.js";

// Every figure of every tool, computed in SQL over trade_day_totals, trades and price_marks, must
// equal packages/trading's on the same stored rows. Runs are generated (seeded) to cover shorts,
// flips, partial closes, open positions, fills on hour and day boundaries and on the run's ends.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

type Scenario = Omit<RandomRunOptions, "startedAt" | "endedAt"> & { startedAt: string; endedAt: string | null };

const base = { symbols: ["AAA", "BBB", "CCC", "DDD"], fillCount: 300 };
const scenarios: Record<string, Scenario> = {
  "shorts, flips, partial closes and open positions": {
    ...base,
    seed: 1,
    startedAt: "2026-03-02T14:30:00Z",
    endedAt: "2026-03-27T21:00:00Z",
  },
  "fractional quantities, a symbol never marked": {
    ...base,
    seed: 2,
    fractional: true,
    unmarkedSymbols: ["DDD"],
    startedAt: "2026-03-02T09:15:30.250Z",
    endedAt: "2026-03-20T16:45:00.125Z",
  },
  "no marks at all: valued at the last fills": {
    ...base,
    seed: 3,
    markHourUtc: null,
    startedAt: "2026-04-06T14:30:00Z",
    endedAt: "2026-04-17T21:00:00Z",
  },
  "only losers": { ...base, seed: 4, losersOnly: true, startedAt: "2026-04-06T14:30:00Z", endedAt: "2026-04-24T21:00:00Z" },
  "long only": { ...base, seed: 5, allowShorts: false, startedAt: "2026-05-04T00:00:00Z", endedAt: "2026-05-29T00:00:00Z" },
  "many boundary fills, start and end at midnight": {
    ...base,
    seed: 6,
    boundaryShare: 0.6,
    markHourUtc: 0,
    startedAt: "2026-05-04T00:00:00Z",
    endedAt: "2026-05-18T00:00:00Z",
  },
  "sparse fills, all on hour or day boundaries": {
    symbols: ["AAA"],
    fillCount: 14,
    boundaryShare: 1,
    seed: 10,
    startedAt: "2026-07-01T00:00:00Z",
    endedAt: "2026-08-10T12:00:00Z",
  },
  "within a single day": { ...base, seed: 7, fillCount: 60, startedAt: "2026-06-01T13:00:00Z", endedAt: "2026-06-01T20:00:00Z" },
  "no trades": { ...base, seed: 8, fillCount: 0, startedAt: "2026-06-01T14:30:00Z", endedAt: "2026-06-12T21:00:00Z" },
  "still running": { ...base, seed: 9, fillCount: 150, startedAt: "2026-06-08T14:30:00Z", endedAt: null },
};

/** "Now" for runs still going: after their last fill, mid-afternoon, not on any boundary. */
const NOW = new Date("2026-06-19T15:42:17.5Z");

interface Case {
  stored: StoredRun;
  fills: Fill[];
  marks: PriceMark[];
  startedAt: Date;
  asOf: Date;
}

async function prepare(scenario: Scenario): Promise<Case> {
  const startedAt = new Date(scenario.startedAt);
  const endedAt = scenario.endedAt ? new Date(scenario.endedAt) : null;
  const asOf = endedAt ?? NOW;
  const generated = randomRun({ ...scenario, startedAt, endedAt: new Date(asOf.getTime() - (endedAt ? 0 : 3_600_000)) });
  // A fill after the end and a mark after it: neither may count.
  const late = { ...generated.fills[0], id: generated.fills.length + 1, executedAt: new Date(asOf.getTime() + 60_000) };
  const fills = generated.fills.length ? [...generated.fills, late as Fill] : [];
  const stored = await storeRun(db.prisma, { startedAt, endedAt, startingCapital: 100_000, fills, marks: generated.marks }, () => NOW);
  return { stored, fills: await storedFills(db.prisma, stored.runId), marks: await storedMarks(db.prisma, stored.runId), startedAt, asOf };
}

describe.each(Object.entries(scenarios))("%s", (_name, scenario) => {
  let run: Case;
  let within: Fill[];
  beforeAll(async () => {
    run = await prepare(scenario);
    within = run.fills.filter((fill) => fill.executedAt.getTime() <= run.asOf.getTime());
  });

  it("get_run_overview", async () => {
    const overview = await callTool(run.stored.toolbox, "get_run_overview");
    const reference = runOverview({
      startingCapital: 100_000,
      fills: run.fills,
      marks: run.marks,
      startedAt: run.startedAt,
      endedAt: run.asOf,
    });
    expect(overview.fillCount).toBe(within.length);
    expectOverview(overview, reference);
  });

  it("get_equity_curve by day, by week and by hour over a stretch", async () => {
    const curve = (interval: "day" | "week" | "hour", from = run.startedAt, to = run.asOf) =>
      equityCurve({ startingCapital: 100_000, fills: within, marks: run.marks, from, to, interval });
    expectCurve(await callTool(run.stored.toolbox, "get_equity_curve", { interval: "day" }), curve("day"), 100_000);
    expectCurve(await callTool(run.stored.toolbox, "get_equity_curve", { interval: "week" }), curve("week"), 100_000);
    const from = new Date(run.startedAt.getTime() + 26 * 3_600_000 + 123);
    const to = new Date(Math.min(run.asOf.getTime(), from.getTime() + 5 * 86_400_000));
    if (to.getTime() > from.getTime()) {
      const hourly = await callTool(run.stored.toolbox, "get_equity_curve", {
        interval: "hour",
        from: from.toISOString(),
        to: to.toISOString(),
      });
      expectCurve(hourly, curve("hour", from, to), 100_000);
    }
  });

  it("get_positions at the end, at a midnight, at a fill's exact time and on a date", async () => {
    const reference = (at: Date) => positionsAt(run.fills, run.marks, at);
    expectPositions(await callTool(run.stored.toolbox, "get_positions"), reference(run.asOf));
    const middle = within[Math.floor(within.length / 2)]?.executedAt ?? run.startedAt;
    const midnight = new Date(Math.ceil(run.startedAt.getTime() / 86_400_000) * 86_400_000);
    for (const at of [middle, midnight].filter((time) => time.getTime() <= run.asOf.getTime())) {
      expectPositions(await callTool(run.stored.toolbox, "get_positions", { at: at.toISOString() }), reference(at));
    }
    const day = run.startedAt.toISOString().slice(0, 10);
    const endOfDay = new Date(Math.min(Date.parse(`${day}T23:59:59.999Z`), run.asOf.getTime()));
    expectPositions(await callTool(run.stored.toolbox, "get_positions", { at: day }), reference(endOfDay));
  });

  it("get_symbol_breakdown", async () => {
    expectBreakdown(await callTool(run.stored.toolbox, "get_symbol_breakdown"), symbolBreakdown(within, run.marks, run.asOf));
  });

  it("check_compliance against a strict configuration", async () => {
    const config = {
      allowShorting: false,
      allowOptionsStrategies: false,
      allowHedging: false,
      allowedOrderTypes: ["market" as const],
      buyingPower: 20_000,
      marginAccount: true,
    };
    await setRunConfiguration(db.prisma, run.stored.modelId, config);
    const result = await callTool<{
      violationCount: number;
      violationsByRule: Record<string, number>;
      violations: Array<Record<string, unknown>>;
    }>(run.stored.toolbox, "check_compliance");
    const reference = checkCompliance(within, config);
    expect(result.violationCount).toBe(reference.length);
    const byRule = Object.fromEntries(
      ["order_type_not_allowed", "options_disallowed", "shorting_disallowed", "buying_power_exceeded"].map((rule) => [
        rule,
        reference.filter((v) => v.rule === rule).length,
      ]),
    );
    expect(result.violationsByRule).toEqual(byRule);
    expect(result.violations.map((v) => [v.tradeId, v.rule])).toEqual(reference.slice(0, 50).map((v) => [v.fillId, v.rule]));
  });
});
