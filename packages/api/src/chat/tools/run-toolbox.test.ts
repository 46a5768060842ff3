import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { intervalGrid } from "@parley/trading";
import { blotter, marksOf } from "@parley/trading/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Toolbox } from "../engine/toolbox.js";
import { runToolbox } from "./run-toolbox.js";
import { callTool, runConversation, storeRun, type StoredRun } from "./test-support.js";

let db: TestDatabase;
let mine: StoredRun;
let theirs: StoredRun;
const window = { startedAt: new Date("2024-05-01T00:00:00Z"), endedAt: new Date("2024-05-03T00:00:00Z"), startingCapital: 10_000 };
beforeAll(async () => {
  db = await createTestDatabase();
  mine = await storeRun(db.prisma, {
    ...window,
    fills: blotter(["2024-05-01T10:00:00Z", "buy", 10, "MINE", 10], ["2024-05-02T10:00:00Z", "sell", 4, "MINE", 12]),
    marks: marksOf(["2024-05-01T20:00:00Z", "MINE", 11]),
  });
  theirs = await storeRun(db.prisma, {
    ...window,
    fills: blotter(["2024-05-01T09:00:00Z", "buy", 500, "THEIRS", 90], ["2024-05-01T11:00:00Z", "sell", 100, "THEIRS", 95]),
    marks: marksOf(["2024-05-01T20:00:00Z", "THEIRS", 99]),
  });
});
afterAll(async () => {
  await db.drop();
});

async function failureOf(toolbox: Toolbox, name: string, args: string) {
  const outcome = await toolbox.execute({ id: "call_x", name, arguments: args });
  expect(outcome.ok).toBe(false);
  return (JSON.parse(outcome.result) as { error: string }).error;
}

describe("runToolbox", () => {
  it("has tools only in run conversations", () => {
    const factory = runToolbox(db.prisma);
    expect(factory({ ...runConversation(mine.userId, mine.runId), run: null })).toBeNull();
    const specs = factory(runConversation(mine.userId, mine.runId))?.specs ?? [];
    expect(specs.map((spec) => spec.name)).toEqual([
      "get_run_overview",
      "list_trades",
      "get_positions",
      "get_equity_curve",
      "get_symbol_breakdown",
      "check_compliance",
    ]);
    for (const spec of specs) expect(spec.parameters).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("answers bad calls with an error the model can read, never by throwing", async () => {
    expect(await failureOf(mine.toolbox, "get_run_overveiw", "{}")).toMatch(/Unknown tool "get_run_overveiw".*get_run_overview/);
    expect(await failureOf(mine.toolbox, "list_trades", '{"limit": 5')).toMatch(/not valid JSON/);
    expect(await failureOf(mine.toolbox, "list_trades", '{"limit": "ten"}')).toMatch(/limit: Invalid input: expected number/);
    expect(await failureOf(mine.toolbox, "list_trades", '{"limit": 500}')).toMatch(/limit: Too big/);
    expect(await failureOf(mine.toolbox, "list_trades", "[1, 2]")).toMatch(/expected object/);
    expect(await failureOf(mine.toolbox, "get_positions", '{"at": "yesterday"}')).toMatch(/at: expected an ISO 8601 date/);
    expect(await failureOf(mine.toolbox, "get_equity_curve", '{"from": "2024-06-01"}')).toMatch(/range is empty within the run/);
  });

  it("caps an equity curve's points, and by default picks weeks when days would be too many", async () => {
    const long = await storeRun(db.prisma, {
      startedAt: new Date("2023-01-01T00:00:00Z"),
      endedAt: new Date("2024-06-01T00:00:00Z"),
      startingCapital: 1_000,
      fills: [],
      marks: [],
    });
    const hours = intervalGrid(new Date("2023-01-01T00:00:00Z"), new Date("2023-02-01T23:59:59.999Z"), "hour").length;
    expect(await failureOf(long.toolbox, "get_equity_curve", '{"interval": "hour", "to": "2023-02-01"}')).toBe(
      `An hour curve from 2023-01-01T00:00:00Z to 2023-02-01T23:59:59.999Z has ${hours} points, more than 400: ` +
        "use a longer interval or a shorter range (from/to).",
    );
    const weekly = await callTool<{ interval: string; points: unknown[] }>(long.toolbox, "get_equity_curve");
    expect(weekly.interval).toBe("week");
    expect(weekly.points.length).toBe(intervalGrid(new Date("2023-01-01T00:00:00Z"), new Date("2024-06-01T00:00:00Z"), "week").length);
    const daily = await callTool<{ interval: string; points: unknown[] }>(long.toolbox, "get_equity_curve", { to: "2023-12-31" });
    expect(daily).toMatchObject({ interval: "day" });
    expect(daily.points.length).toBe(366);
  });

  it("takes no arguments at all as {}", async () => {
    const outcome = await mine.toolbox.execute({ id: "call_y", name: "get_run_overview", arguments: "" });
    expect(outcome.ok).toBe(true);
  });

  it("cannot be pointed at another run: ids are not arguments, and results cover the bound run only", async () => {
    const theirRun = String(theirs.runId);
    expect(await failureOf(mine.toolbox, "get_run_overview", JSON.stringify({ runId: theirs.runId }))).toMatch(
      /take no run, model or user id/,
    );
    expect(await failureOf(mine.toolbox, "list_trades", JSON.stringify({ run_id: theirRun, user_id: theirs.userId }))).toMatch(
      /this conversation's run/,
    );
    const trades = await callTool<{ trades: Array<{ symbol: string }> }>(mine.toolbox, "list_trades", { limit: 100 });
    expect(trades.trades.map((trade) => trade.symbol)).toEqual(["MINE", "MINE"]);
    expect((await callTool<{ trades: unknown[] }>(mine.toolbox, "list_trades", { symbol: "THEIRS" })).trades).toEqual([]);
    const breakdown = await callTool<{ symbols: Array<{ symbol: string }> }>(mine.toolbox, "get_symbol_breakdown");
    expect(breakdown.symbols.map((row) => row.symbol)).toEqual(["MINE"]);
    expect(await callTool(mine.toolbox, "get_run_overview")).toMatchObject({ run: { id: mine.runId }, fillCount: 2 });
  });

  it("a cursor from another run's listing only moves through this run's trades", async () => {
    const page = await callTool<{ nextCursor: string }>(theirs.toolbox, "list_trades", { limit: 1 });
    const continued = await callTool<{ trades: Array<{ symbol: string }> }>(mine.toolbox, "list_trades", { cursor: page.nextCursor });
    expect(continued.trades.map((trade) => trade.symbol)).toEqual(["MINE", "MINE"]);
  });

  it("reads nothing when bound to a run its user does not own (row-level security and the owner check)", async () => {
    const forged = runToolbox(db.prisma)(runConversation(mine.userId, theirs.runId));
    if (!forged) throw new Error("expected a toolbox");
    expect(await failureOf(forged, "get_run_overview", "{}")).toBe("This conversation's run no longer exists");
  });
});
