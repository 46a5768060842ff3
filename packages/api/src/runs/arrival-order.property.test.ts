import { createModel, createRun, createTestDatabase, createUser, storedFills, type TestDatabase } from "@parley/db/testing";
import { replayFills, runOverview } from "@parley/trading";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asUser } from "../db/as-user.js";
import { expectOverview } from "../chat/tools/reference-checks.js";
import { callTool, runConversation } from "../chat/tools/test-support.js";
import { runToolbox } from "../chat/tools/run-toolbox.js";
import { appendFills } from "./append-fills.js";
import type { FillInput } from "./write-schemas.js";

// Figures must not depend on the order fills arrive in: random fills, split into random batches
// sent in random order (some sent twice, as retries), give the same realized P&L per fill and the
// same run overview as packages/trading's reference over the sorted list.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const STARTED = Date.UTC(2026, 2, 2, 14, 30);
const NOW = new Date(Date.UTC(2026, 2, 20, 15, 42, 17, 500));

const fillArbitrary = fc.record({
  symbol: fc.constantFrom("AAA", "BBB", "CCC"),
  // Minutes over ~2 weeks on a coarse grid, so that several fills share a time and a day.
  minute: fc.integer({ min: 0, max: 14 * 24 * 60 }).map((m) => m - (m % 97)),
  side: fc.constantFrom("buy" as const, "sell" as const),
  // Hundredths × cents keep realized P&L within the 6 decimals stored, as for any real fill; finer
  // quantities would test DECIMAL(18,6)'s rounding, not the arrival order.
  quantity: fc.oneof(
    fc.integer({ min: 1, max: 50 }),
    fc.integer({ min: 1, max: 5_000 }).map((q) => q / 100),
  ),
  cents: fc.integer({ min: 100, max: 20_000 }),
  fees: fc.integer({ min: 0, max: 300 }).map((f) => f / 100),
});

const scenario = fc.array(fillArbitrary, { minLength: 1, maxLength: 60 }).chain((fills) =>
  fc.record({
    fills: fc.constant(fills),
    // Cut points and a permutation of the batches; some batches are sent again.
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, fills.length - 1) }), { maxLength: 8 }),
    order: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
    retries: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
  }),
);

type GeneratedFill = typeof fillArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toInput(fills: GeneratedFill[]): FillInput[] {
  return fills.map((fill, index) => ({
    fillId: `fill-${index}`,
    executedAt: new Date(STARTED + fill.minute * 60_000).toISOString(),
    symbol: fill.symbol,
    assetType: "stock",
    side: fill.side,
    quantity: fill.quantity,
    price: fill.cents / 100,
    fees: fill.fees,
    orderType: "market",
  }));
}

function batchesOf<T>(items: T[], cuts: number[], order: number[]): T[][] {
  const bounds = [0, ...[...new Set(cuts)].filter((cut) => cut < items.length).sort((a, b) => a - b), items.length];
  const batches = bounds
    .slice(1)
    .map((end, index) => items.slice(bounds[index], end))
    .filter((batch) => batch.length > 0);
  return batches
    .map((batch, index) => ({ batch, key: order[index % order.length] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map(({ batch }) => batch);
}

it("gives the reference's figures whatever order batches arrive in", async () => {
  const user = await createUser(db.prisma);
  const model = await createModel(db.prisma, user.id);
  const actor = { id: user.id, role: "user" as const };
  let corrected = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async ({ fills, cuts, order, retries }) => {
      const run = await createRun(db.prisma, model, {
        status: "running",
        startedAt: new Date(STARTED),
        endedAt: null,
        startingCapital: 100_000,
      });
      const batches = batchesOf(toInput(fills), cuts, order);
      for (const [index, batch] of batches.entries()) {
        corrected += (await asUser(db.prisma, actor, (tx) => appendFills(tx, actor, { runId: run.id, fills: batch }, NOW))).recomputed;
        if (retries[index]) {
          const again = await asUser(db.prisma, actor, (tx) => appendFills(tx, actor, { runId: run.id, fills: batch }, NOW));
          expect(again.inserted).toBe(0);
        }
      }
      const stored = await storedFills(db.prisma, run.id);
      expect(stored).toHaveLength(fills.length);
      const reference = replayFills(stored).fillsWithRealized;
      const rows = await db.prisma.trade.findMany({
        where: { runId: run.id },
        select: { id: true, realizedPnl: true, closedQuantity: true },
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const fill of reference) {
        const row = byId.get(fill.id);
        expect(Math.abs((row?.realizedPnl.toNumber() ?? NaN) - fill.realizedPnl), `fill ${fill.id} realized`).toBeLessThan(1e-4);
        expect(Math.abs((row?.closedQuantity.toNumber() ?? NaN) - fill.closedQuantity), `fill ${fill.id} closed`).toBeLessThan(1e-6);
      }
      const toolbox = runToolbox(db.prisma, { now: () => NOW })(runConversation(user.id, run.id));
      if (!toolbox) throw new Error("a run conversation has a toolbox");
      const overview = await callTool(toolbox, "get_run_overview");
      expectOverview(
        overview,
        runOverview({ startingCapital: 100_000, fills: stored, marks: [], startedAt: new Date(STARTED), endedAt: NOW }),
      );
    }),
    // The seed that found the profit factor's precision gap (fills of $0.01 notional: 1.2048
    // against 1.2 until outcomes were judged on realized P&L as stored), kept so CI replays it;
    // unseeded runs (120 cases, 2026-12-05) pass too.
    { numRuns: 30, seed: 1264724243 },
  );
  // The late fills did change stored ones: the replay from the earliest new fill was exercised.
  expect(corrected).toBeGreaterThan(0);
}, 600_000);
