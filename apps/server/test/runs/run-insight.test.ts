import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { equityCurve, runOverview } from "@parley/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, MISSING_ID, modelConfig, startTestServer, unchecked, type TestServer } from "../harness.js";
import { userWithKey } from "./support.js";

// runs.insight, what the run details panel draws: the run tools' results for a stored run,
// compared with packages/trading's reference over the same fills and marks.
describe("runs.insight", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function storedTenFillRun() {
    const user = await server.signUp();
    const model = await user.api.models.create.mutate(modelConfig);
    const run = await createRun(server.database.prisma, { id: model.id, userId: user.user.id }, tenFillRun);
    await insertFills(server.database.prisma, run.id, tenFillRun.fills);
    await insertMarks(server.database.prisma, run.id, tenFillRun.marks);
    return { user, run };
  }

  it("gives the overview, the daily curve, positions and symbols, equal to the reference; trades page through runs.trades", async () => {
    const { user, run } = await storedTenFillRun();
    const insight = await user.api.runs.insight.query({ runId: run.id });
    const reference = runOverview(tenFillRun);
    expect(insight.overview).toMatchObject({
      totalPnl: reference.totalPnl,
      realizedPnl: reference.realizedPnl,
      totalFees: reference.totalFees,
      fillCount: 10,
      winRate: reference.winRate,
      maxDrawdown: reference.maxDrawdown,
    });
    expect(insight.overview.sharpeRatio).toBeCloseTo(reference.sharpeRatio ?? Number.NaN, 4);
    const curve = equityCurve({ ...tenFillRun, from: tenFillRun.startedAt, to: tenFillRun.endedAt, interval: "day" });
    const points = insight.equityCurve?.points as Array<[string, number]>;
    expect(points.map((point) => point[1])).toEqual(curve.map((point) => point.equity));
    const trades = await user.api.runs.trades.query({ runId: run.id });
    expect(trades.total).toBe(10);
    expect(trades.trades.map((trade) => trade.executedAt)).toEqual(
      tenFillRun.fills.map((fill) => fill.executedAt.toISOString().replace(".000Z", "Z")),
    );
    expect(insight.positions.positions).toEqual([expect.objectContaining({ symbol: "BBB", quantity: 6 })]);
    expect((insight.symbols.symbols as Array<{ symbol: string }>).map((row) => row.symbol)).toEqual(["AAA", "BBB"]);
    expect(insight.dataAsOf).toEqual({ time: "2024-01-06T00:00:00Z", lastFillAt: "2024-01-05T10:00:00Z" });
  });

  it("is NOT_FOUND for another user's run or a missing one, and refuses bad input and strangers", async () => {
    const { run } = await storedTenFillRun();
    const stranger = await server.signUp();
    expect(await failureOf(stranger.api.runs.insight.query({ runId: run.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(stranger.api.runs.insight.query({ runId: MISSING_ID }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(stranger.api.runs.insight.query(unchecked({ runId: -1 })))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(stranger.api.runs.insight.query(unchecked({ runId: run.id, userId: "x" })))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await failureOf(server.client().runs.insight.query({ runId: run.id }))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers a read-only API key of the run's owner, and nobody else's key", async () => {
    const owner = await userWithKey(server, ["read"]);
    const run = await createRun(server.database.prisma, { id: owner.model.id, userId: owner.user.id }, tenFillRun);
    await insertFills(server.database.prisma, run.id, tenFillRun.fills);
    const insight = await owner.program.runs.insight.query({ runId: run.id });
    expect(insight.overview.fillCount).toBe(10);
    const other = await userWithKey(server, ["read"]);
    expect(await failureOf(other.program.runs.insight.query({ runId: run.id }))).toMatchObject({ code: "NOT_FOUND" });
    await Promise.all([owner.program.close(), other.program.close()]);
  });
});
