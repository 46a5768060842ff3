import { createRun, insertFills } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";

// runs.trades pages a run's trades on the server by keyset cursor, past the panel's old 1,000.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

type Person = Awaited<ReturnType<TestServer["signUp"]>>;

const FILLS = 2_345;
// Pairs of fills share a time, so the id breaks ties; buys and sells alternate so P&L varies.
const fills = Array.from({ length: FILLS }, (_, index) => ({
  id: index + 1,
  symbol: index % 3 === 0 ? "AAA" : "BBB",
  assetType: "stock" as const,
  side: index % 2 === 0 ? ("buy" as const) : ("sell" as const),
  quantity: 1,
  price: 100 + (index % 17),
  fees: 0,
  orderType: "market" as const,
  executedAt: new Date(Date.UTC(2026, 0, 5, 14, 30) + Math.floor(index / 2) * 60_000),
}));

async function runWithManyFills() {
  const person = await server.signUp();
  const model = await person.api.models.create.mutate(modelConfig);
  const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id });
  await insertFills(server.database.prisma, run.id, fills);
  return { person, runId: run.id };
}

async function pageToTheEnd(person: Person, runId: number, sort: "time" | "realized_pnl") {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await person.api.runs.trades.query({ runId, sort, limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.trades.map((trade) => trade.id as number));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("paging never ended");
}

describe("runs.trades", () => {
  it(`pages a run of ${FILLS} fills to its end in time order, with no gap or duplicate, and by realized P&L over all of them`, async () => {
    const { person, runId } = await runWithManyFills();
    const stored = await server.database.prisma.trade.findMany({
      where: { runId },
      orderBy: [{ executedAt: "asc" }, { id: "asc" }],
      select: { id: true, realizedPnl: true },
    });

    expect(await pageToTheEnd(person, runId, "time")).toEqual(stored.map((trade) => trade.id));

    const byPnl = await pageToTheEnd(person, runId, "realized_pnl");
    const expected = [...stored].sort((a, b) => Number(b.realizedPnl) - Number(a.realizedPnl) || b.id - a.id).map((trade) => trade.id);
    expect(byPnl).toEqual(expected);
  });

  it("a page by number and the page holding a trade are the pages cursor paging reaches, in either sort", async () => {
    const { person, runId } = await runWithManyFills();
    for (const sort of ["time", "realized_pnl"] as const) {
      const ids = await pageToTheEnd(person, runId, sort);
      const pageOf = (n: number) => ids.slice(n * 100, (n + 1) * 100);
      const seventh = await person.api.runs.trades.query({ runId, sort, limit: 100, page: 7 });
      expect(seventh.page).toBe(7);
      expect(seventh.total).toBe(FILLS);
      expect(seventh.trades.map((trade) => trade.id)).toEqual(pageOf(7));
      // Reading on from a numbered page continues where it ended.
      const eighth = await person.api.runs.trades.query({ runId, sort, limit: 100, cursor: seventh.nextCursor ?? "" });
      expect(eighth.page).toBeNull();
      expect(eighth.trades.map((trade) => trade.id)).toEqual(pageOf(8));
      // Deep in the run, the last trade and the first: each on its page, whatever the sort.
      for (const index of [1_777, FILLS - 1, 0]) {
        const holding = await person.api.runs.trades.query({ runId, sort, limit: 100, at: ids[index] });
        expect(holding.page).toBe(Math.floor(index / 100));
        expect(holding.trades.map((trade) => trade.id)).toEqual(pageOf(Math.floor(index / 100)));
      }
    }
    const last = await person.api.runs.trades.query({ runId, limit: 100, page: 23 });
    expect(last.trades).toHaveLength(FILLS - 2_300);
    expect(last.nextCursor).toBeNull();
    const beyond = await person.api.runs.trades.query({ runId, limit: 100, page: 24 });
    expect(beyond).toMatchObject({ trades: [], nextCursor: null, page: 24, total: FILLS });
  });

  it("counts and finds positions through the day totals over days and midnights, with trades after the run's end left out", async () => {
    const person = await server.signUp();
    const model = await person.api.models.create.mutate(modelConfig);
    // Pairs of fills every 7 minutes from Jan 5 14:30 for ~5.7 days (some exactly at midnight);
    // the run ends on Jan 8 at 05:00, partway through a day, so later fills are not its trades.
    const endedAt = new Date("2026-01-08T05:00:00Z");
    const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id }, { endedAt });
    const spread = fills.map((fill, index) => ({
      ...fill,
      executedAt: new Date(Date.UTC(2026, 0, 5, 14, 30) + Math.floor(index / 2) * 7 * 60_000),
    }));
    expect(spread.some((fill) => fill.executedAt.getTime() % 86_400_000 === 0)).toBe(true);
    await insertFills(server.database.prisma, run.id, spread);
    const stored = await server.database.prisma.trade.findMany({
      where: { runId: run.id, executedAt: { lte: endedAt } },
      orderBy: [{ executedAt: "asc" }, { id: "asc" }],
      select: { id: true, realizedPnl: true },
    });
    expect(stored.length).toBeLessThan(FILLS);
    const orders = {
      "time asc": stored.map((trade) => trade.id),
      "time desc": stored.map((trade) => trade.id).reverse(),
      "realized_pnl desc": [...stored].sort((a, b) => Number(b.realizedPnl) - Number(a.realizedPnl) || b.id - a.id).map((t) => t.id),
      "realized_pnl asc": [...stored].sort((a, b) => Number(a.realizedPnl) - Number(b.realizedPnl) || a.id - b.id).map((t) => t.id),
    };
    const limit = 37;
    for (const [name, ids] of Object.entries(orders)) {
      const [sort, direction] = name.split(" ") as ["time" | "realized_pnl", "asc" | "desc"];
      for (const index of [0, 36, 37, 500, 911, ids.length - 1]) {
        const page = Math.floor(index / limit);
        const expected = ids.slice(page * limit, (page + 1) * limit);
        const byNumber = await person.api.runs.trades.query({ runId: run.id, sort, direction, limit, page });
        expect(byNumber.total, name).toBe(stored.length);
        expect(
          byNumber.trades.map((trade) => trade.id),
          `${name} page ${page}`,
        ).toEqual(expected);
        const holding = await person.api.runs.trades.query({ runId: run.id, sort, direction, limit, at: ids[index] });
        expect(holding.page, `${name} at #${ids[index]}`).toBe(page);
        expect(holding.trades.map((trade) => trade.id)).toEqual(expected);
      }
    }
    // A fill after the run's end is not one of its trades.
    const later = await server.database.prisma.trade.findFirstOrThrow({ where: { runId: run.id, executedAt: { gt: endedAt } } });
    await expect(person.api.runs.trades.query({ runId: run.id, at: later.id })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });

  it("refuses an oversized page, a cursor that is not one of ours or from another sort, and another user's run", async () => {
    const { person, runId } = await runWithManyFills();
    await expect(person.api.runs.trades.query({ runId, limit: 101 })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await expect(person.api.runs.trades.query({ runId, cursor: "not-a-cursor" })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    const first = await person.api.runs.trades.query({ runId, limit: 10 });
    const cursor = first.nextCursor ?? "";
    await expect(person.api.runs.trades.query({ runId, sort: "realized_pnl", cursor })).rejects.toMatchObject({
      data: { code: "BAD_REQUEST" },
    });
    await expect(person.api.runs.trades.query({ runId, page: 2, cursor })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await expect(person.api.runs.trades.query({ runId, page: -1 })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    const other = await runWithManyFills();
    const theirs = await other.person.api.runs.trades.query({ runId: other.runId, limit: 1 });
    await expect(person.api.runs.trades.query({ runId, at: theirs.trades[0]?.id as number })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    const stranger = await server.signUp();
    await expect(stranger.api.runs.trades.query({ runId })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });
});
