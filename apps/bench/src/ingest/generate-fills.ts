import type { inferRouterInputs, AppRouter } from "@parley/api";
import { SYMBOLS } from "../run-tools/seed.js";

export type FillInput = inferRouterInputs<AppRouter>["runs"]["appendFills"]["fills"][number];

export const INGEST_START = new Date("2026-01-05T14:30:00Z");

/**
 * Batch `index` of a deterministic stream of fills: a fill every 0.5 s from INGEST_START over
 * run-tools' 20 symbols (so its tool cases apply), buys and sells alternating per symbol with
 * varying sizes, so replay closes, flips and realizes P&L as a real run does.
 */
export function fillBatch(index: number, size: number): FillInput[] {
  return Array.from({ length: size }, (_, offset) => {
    const n = index * size + offset;
    const symbol = SYMBOLS[n % SYMBOLS.length] ?? "SYM00";
    const round = Math.floor(n / SYMBOLS.length);
    return {
      fillId: `bench-${n}`,
      executedAt: new Date(INGEST_START.getTime() + n * 500).toISOString(),
      symbol,
      side: round % 3 === 2 ? "sell" : round % 2 ? "sell" : "buy",
      quantity: 1 + (n % 7),
      price: 50 + ((n * 37) % 1000) / 20,
      fees: 0.05,
      orderType: n % 5 ? "market" : "limit",
    };
  });
}
