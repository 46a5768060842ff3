import { createModel, createRun, createTestDatabase, createUser, insertFills, insertMarks, type TestDatabase } from "@parley/db/testing";
import { blotter, tenFillRun } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../logger.js";
import type { Toolbox } from "../../engine/toolbox.js";
import { runToolbox } from "../run-toolbox.js";
import { callTool, runConversation } from "../test-support.js";
import { boundModelToolbox } from "./model-toolbox.js";

// Real runs stored as the trading system stores them; the figures are summed by the run_days
// triggers and compared with the hand-computed ten-fill run and with get_run_overview.
let db: TestDatabase;
let owner: { id: string };
let modelId: number;
const runIds: number[] = [];
let toolbox: Toolbox;

// Realized 10 × (112.5 − 100) = 125, less 2 of fees; flat at the end.
const nvdaRun = {
  startedAt: new Date("2024-02-05T14:30:00Z"),
  endedAt: new Date("2024-02-06T21:00:00Z"),
  startingCapital: 10_000,
  fills: blotter(
    ["2024-02-05T15:00:00Z", "buy", 10, "NVDA", 100, { fees: 1 }],
    ["2024-02-06T15:00:00Z", "sell", 10, "NVDA", 112.5, { fees: 1 }],
  ),
};

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await createUser(db.prisma);
  const model = await createModel(db.prisma, owner.id);
  modelId = model.id;
  for (const data of [tenFillRun, nvdaRun, { ...nvdaRun, startingCapital: 5_000, fills: nvdaRun.fills.slice(0, 1) }]) {
    const run = await createRun(db.prisma, model, {
      startedAt: data.startedAt,
      endedAt: data.endedAt,
      startingCapital: data.startingCapital,
    });
    await insertFills(db.prisma, run.id, data.fills);
    if (data === tenFillRun) await insertMarks(db.prisma, run.id, tenFillRun.marks);
    runIds.push(run.id);
  }
  toolbox = boundModelToolbox(db.prisma, { modelId, userId: owner.id }, silentLogger);
});
afterAll(async () => {
  await db.drop();
});

interface ListedRun {
  runId: number;
  fillCount: number;
  realizedPnl: number;
  fees: number;
  netRealizedPnl: number;
  winRate: number | null;
  profitFactor: number | null;
  symbols: string[];
}

describe("list_runs", () => {
  it("ranks the model's runs by a figure summed from their fills", async () => {
    const listed = await callTool<{ runCount: number; runs: ListedRun[] }>(toolbox, "list_runs", {});
    expect(listed.runCount).toBe(3);
    expect(listed.runs.map((run) => run.runId)).toEqual([runIds[1], runIds[2], runIds[0]]);
    // packages/trading/src/testing/ten-fill-run.ts: realized −17, fees 10, 3 wins of 6, wins 75 / losses 98 net of fees.
    expect(listed.runs[2]).toMatchObject({
      fillCount: 10,
      realizedPnl: -17,
      fees: 10,
      netRealizedPnl: -27,
      winRate: 0.5,
      profitFactor: 0.7653,
      symbols: ["AAA", "BBB"],
    });
    expect(listed.runs[0]).toMatchObject({
      fillCount: 2,
      realizedPnl: 125,
      fees: 2,
      netRealizedPnl: 123,
      winRate: 1,
      profitFactor: null,
      symbols: ["NVDA"],
    });
    const worstFirst = await callTool<{ runs: ListedRun[] }>(toolbox, "list_runs", {
      rankBy: "netRealizedPnl",
      direction: "asc",
      limit: 1,
    });
    expect(worstFirst.runs.map((run) => run.runId)).toEqual([runIds[0]]);
    // Symbols are read for the runs shown only, and still belong to each of them.
    expect(worstFirst.runs[0]?.symbols).toEqual(["AAA", "BBB"]);
    // No closing fill: no win rate, ranked last whichever way.
    const byWinRate = await callTool<{ runs: ListedRun[] }>(toolbox, "list_runs", { rankBy: "winRate", direction: "asc" });
    expect(byWinRate.runs.map((run) => run.runId)).toEqual([runIds[0], runIds[1], runIds[2]]);
  });

  it("answers bad arguments with a readable error", async () => {
    for (const [args, message] of [
      ['{"rankBy":"luck"}', /rankBy: Invalid option/],
      ['{"limit":0}', /limit: Too small/],
      ['{"modelId":1}', /unknown argument modelId/],
    ] as const) {
      const outcome = await toolbox.execute({ id: "c", name: "list_runs", arguments: args });
      expect(outcome.ok).toBe(false);
      expect(outcome.result).toMatch(message);
    }
  });
});

describe("compare_runs", () => {
  it("gives each run's overview figures, their differences and why they are not comparable", async () => {
    const [tenFill, nvda, small] = runIds as [number, number, number];
    const compared = await callTool<{
      runs: Array<{ runId: number; figures: Record<string, number | null> }>;
      deltasFromFirst: Array<Record<string, number | null>>;
      configurationChanges: Array<{ runId: number; summary: string }>;
      warnings: string[];
    }>(toolbox, "compare_runs", { runIds: [tenFill, nvda, small] });
    // The same figures as each run's own get_run_overview.
    for (const run of compared.runs) {
      const own = runToolbox(db.prisma)(runConversation(owner.id, run.runId));
      if (!own) throw new Error("a run conversation has a toolbox");
      const overview = await callTool(own, "get_run_overview");
      for (const [key, value] of Object.entries(run.figures)) expect(overview[key], key).toBe(value);
    }
    expect(compared.runs[0]?.figures).toMatchObject({ totalPnl: -3, maxDrawdown: 165, fillCount: 10 });
    expect(compared.deltasFromFirst[0]).toMatchObject({ runId: nvda, totalPnl: 126, realizedPnl: 142, totalFees: -8, fillCount: -8 });
    expect(compared.configurationChanges.map((change) => change.runId)).toEqual([nvda, small]);
    expect(compared.warnings).toEqual([
      expect.stringMatching(/^Different periods: #\d+ 2023-12-31T12:00:00Z to 2024-01-06T00:00:00Z, #\d+ 2024-02-05T14:30:00Z/),
      `Different starting capital: #${tenFill} 10000, #${nvda} 10000, #${small} 5000`,
      `Different symbols: #${tenFill} AAA BBB, #${nvda} NVDA, #${small} NVDA`,
    ]);
  });

  it("compares the two latest runs when none are named, and refuses runs it cannot see", async () => {
    const latest = await callTool<{ runs: Array<{ runId: number }>; warnings: string[] }>(toolbox, "compare_runs");
    expect(latest.runs.map((run) => run.runId)).toEqual([runIds[1], runIds[2]].sort((a = 0, b = 0) => a - b));
    const stranger = await createUser(db.prisma);
    const theirModel = await createModel(db.prisma, stranger.id);
    const theirRun = await createRun(db.prisma, theirModel);
    const mine = await toolbox.execute({ id: "c", name: "compare_runs", arguments: JSON.stringify({ runIds: [runIds[0], theirRun.id] }) });
    expect(mine).toMatchObject({ ok: false });
    expect(mine.result).toContain(`No run #${theirRun.id} in this model`);
    // The stranger bound to the owner's model sees nothing of it: row-level security.
    const intruder = boundModelToolbox(db.prisma, { modelId, userId: stranger.id }, silentLogger);
    expect(await callTool(intruder, "list_runs")).toMatchObject({ runCount: 0, runs: [] });
    const refused = await intruder.execute({ id: "c", name: "compare_runs", arguments: "{}" });
    expect(refused.result).toContain("fewer than two runs");
    const duplicate = await toolbox.execute({
      id: "c",
      name: "compare_runs",
      arguments: JSON.stringify({ runIds: [runIds[0], runIds[0]] }),
    });
    expect(duplicate.result).toContain("each run at most once");
  });
});
