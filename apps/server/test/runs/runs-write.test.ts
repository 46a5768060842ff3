import { replayFills } from "@parley/trading";
import { storedFills } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { fill, refusal, userWithKey } from "./support.js";

// The write API through the real server and @parley/client with an API key, on both drivers.
describe.each(["postgres", "pglite"] as const)("runs write API on %s", (driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver });
  });
  afterAll(async () => {
    await server.stop();
  });

  const newRun = async (program: Awaited<ReturnType<typeof userWithKey>>["program"], modelId: number) =>
    program.runs.create.mutate({
      modelId,
      label: "momentum v2",
      kind: "backtest",
      startingCapital: 100_000,
      period: { start: "2026-03-02T00:00:00Z", end: "2026-03-31T00:00:00Z" },
      parameters: { lookback: 20, universe: ["AAPL", "MSFT"] },
    });

  it("creates a run with the model's configuration snapshotted, and appends fills idempotently", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    expect(run).toMatchObject({ modelId: owner.model.id, label: "momentum v2", kind: "backtest", status: "running" });
    const stored = await server.database.prisma.tradingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.settingsSnapshot).toMatchObject({ name: owner.model.name, allowedOrderTypes: ["market", "limit"] });
    expect(stored.parameters).toEqual({ lookback: 20, universe: ["AAPL", "MSFT"] });

    const batch = Array.from({ length: 40 }, (_, n) => fill(n));
    expect(await owner.program.runs.appendFills.mutate({ runId: run.id, fills: batch })).toMatchObject({
      received: 40,
      inserted: 40,
      duplicates: 0,
    });
    // The same batch again, as a producer retries after a lost answer: nothing is added twice.
    expect(await owner.program.runs.appendFills.mutate({ runId: run.id, fills: batch })).toMatchObject({ inserted: 0, duplicates: 40 });
    const fills = await storedFills(server.database.prisma, run.id);
    expect(fills).toHaveLength(40);
    const reference = replayFills(fills).fillsWithRealized.reduce((sum, f) => sum + f.realizedPnl, 0);
    const headline = (await owner.program.runs.get.query({ modelId: owner.model.id, runId: run.id })).headline;
    expect(headline.fills).toBe(40);
    expect(headline.realizedPnl).toBeCloseTo(reference, 4);
  });

  it("refuses a batch with bad rows whole, naming every bad row with its index and reasons", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    const fills = [
      fill(1),
      fill(2, { side: "short" as "buy" }),
      fill(3, { quantity: 0 }),
      fill(4, { price: -1 }),
      fill(5, { executedAt: "2026-02-01T00:00:00Z" }),
      fill(6, { symbol: "not a ticker" }),
      fill(7, { executedAt: new Date(Date.now() + 3_600_000).toISOString() }),
      fill(8, { quantity: Number.NaN }),
      fill(9, { fillId: "f-1" }),
    ];
    const refused = await refusal(owner.program.runs.appendFills.mutate({ runId: run.id, fills }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    // The schema's rows first (side, quantity, price, symbol, NaN), then the run's (times, repeated id).
    const byIndex = new Map((refused.rowErrors ?? []).map((row) => [row.index, row.reasons.join("; ")]));
    expect([...byIndex.keys()].sort()).toEqual([1, 2, 3, 5, 7]);
    expect(byIndex.get(1)).toMatch(/side/);
    expect(byIndex.get(2)).toMatch(/quantity must be above 0/);
    expect(byIndex.get(3)).toMatch(/price must be above 0/);
    expect(byIndex.get(5)).toMatch(/not a ticker/);
    expect(byIndex.get(7)).toMatch(/quantity/);
    expect(await server.database.prisma.trade.count({ where: { runId: run.id } })).toBe(0);

    const timed = await refusal(
      owner.program.runs.appendFills.mutate({
        runId: run.id,
        fills: [
          fill(1),
          fill(4, { executedAt: "2026-02-01T00:00:00Z" }),
          fill(6, { executedAt: new Date(Date.now() + 3_600_000).toISOString() }),
          fill(9, { fillId: "f-1" }),
        ],
      }),
    );
    expect(timed.rowErrors?.map((row) => row.index)).toEqual([1, 2, 3]);
    expect(timed.rowErrors?.[0]?.reasons.join()).toMatch(/before the run started/);
    expect(timed.rowErrors?.[1]?.reasons.join()).toMatch(/in the future/);
    expect(timed.rowErrors?.[2]?.reasons.join()).toMatch(/repeated \(first at index 0\)/);
    expect(await server.database.prisma.trade.count({ where: { runId: run.id } })).toBe(0);
  });

  it("stores every field of a fill as sent: quotes, backslashes, emoji and six decimals included", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    const odd = fill(1, {
      fillId: 'id "quoted" \\ back\\slash \t tab 📈',
      assetType: "option",
      symbol: "AAPL260116C00150000",
      quantity: 0.000001,
      price: 123456.654321,
      fees: 0.123456,
      orderId: "ord-ü-{}-[]-,",
      tag: 'tag "x"',
    });
    await owner.program.runs.appendFills.mutate({ runId: run.id, fills: [odd, fill(2, { orderId: undefined, tag: undefined })] });
    const [first, second] = await server.database.prisma.trade.findMany({ where: { runId: run.id }, orderBy: { id: "asc" } });
    expect({
      fillId: first?.producerFillId,
      assetType: first?.assetType,
      symbol: first?.symbol,
      quantity: first?.quantity.toString(),
      price: first?.price.toString(),
      fees: first?.fees.toString(),
      orderId: first?.orderId,
      tag: first?.tag,
      executedAt: first?.executedAt.toISOString(),
    }).toEqual({
      fillId: odd.fillId,
      assetType: "option",
      symbol: "AAPL260116C00150000",
      quantity: "0.000001",
      price: "123456.654321",
      fees: "0.123456",
      orderId: odd.orderId,
      tag: odd.tag,
      executedAt: odd.executedAt,
    });
    expect([second?.orderId, second?.tag, second?.assetType]).toEqual([null, null, "stock"]);
  });

  it("stores a fill with an order type the model does not allow: it happened", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    await owner.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(1, { orderType: "trailing_stop", side: "buy" })] });
    expect(await server.database.prisma.trade.count({ where: { runId: run.id, orderType: "trailing_stop" } })).toBe(1);
  });

  it("records marks, finishes the run, then refuses fills and marks", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    await owner.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(0), fill(2)] });
    const marks = [{ symbol: "AAPL", at: "2026-03-03T21:00:00Z", price: 104 }];
    expect(await owner.program.runs.recordMarks.mutate({ runId: run.id, marks })).toMatchObject({ inserted: 1, updated: 0 });
    expect(
      await owner.program.runs.recordMarks.mutate({ runId: run.id, marks: [{ ...marks[0], price: 105 } as (typeof marks)[0]] }),
    ).toMatchObject({ inserted: 0, updated: 1 });
    const early = await refusal(owner.program.runs.finish.mutate({ runId: run.id, status: "completed", endedAt: "2026-03-02T14:00:00Z" }));
    expect(early.message).toMatch(/fill at/);
    const finished = await owner.program.runs.finish.mutate({ runId: run.id, status: "completed", endedAt: "2026-03-04T00:00:00Z" });
    expect(finished).toMatchObject({ status: "completed", endedAt: "2026-03-04T00:00:00.000Z" });
    expect(await refusal(owner.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(3)] }))).toMatchObject({
      appCode: "RUN_FINISHED",
    });
    expect(await refusal(owner.program.runs.recordMarks.mutate({ runId: run.id, marks }))).toMatchObject({ appCode: "RUN_FINISHED" });
    expect(await refusal(owner.program.runs.finish.mutate({ runId: run.id, status: "stopped" }))).toMatchObject({
      appCode: "RUN_FINISHED",
    });
  });

  it("pushes a run's figures to a watcher after each committed batch", async () => {
    const owner = await userWithKey(server);
    const run = await newRun(owner.program, owner.model.id);
    const seen: Array<{ fills: number; at: number }> = [];
    const subscription = owner.program.runs.watch.subscribe(
      { runId: run.id },
      { onData: (figures) => seen.push({ fills: figures.fills, at: Date.now() }) },
    );
    try {
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      expect(seen[0]?.fills).toBe(0);
      const committed = Date.now();
      await owner.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(0), fill(1), fill(2)] });
      await expect.poll(() => seen.at(-1)?.fills, { timeout: 5_000 }).toBe(3);
      // Within a second of the commit on an idle machine; the bench measures it under load.
      expect((seen.at(-1)?.at ?? Infinity) - committed).toBeLessThan(3_000);
    } finally {
      subscription.unsubscribe();
    }
  });
});
