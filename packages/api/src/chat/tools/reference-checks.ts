import type { EquityPoint, OpenPosition, RunOverview, SymbolSummary } from "@parley/trading";
import { expect } from "vitest";

// The tools round money to cents, ratios to 4 decimals and prices to 6 for the model; the
// reference keeps full precision. "Equal" is therefore: within a cent, within a rounding step.
const CENT = 0.01 + 1e-9;
const RATIO = 5e-5 + 1e-9;
const PRICE = 5e-7 + 1e-9;
// A position's cost comes from stored realized P&L, six decimals per closing fill, so its average
// price may carry up to half a step per fill divided by the quantity on top of the display step.
const STORED_STEP = 5e-7;

function near(label: string, actual: unknown, expected: number | null, tolerance: number) {
  if (expected === null) return expect(actual, label).toBeNull();
  expect(typeof actual, label).toBe("number");
  expect(Math.abs((actual as number) - expected), `${label}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

type Json = Record<string, unknown>;

export function expectOverview(actual: Json, expected: RunOverview) {
  for (const key of [
    "startingCapital",
    "endingEquity",
    "endingCash",
    "totalPnl",
    "realizedPnl",
    "unrealizedPnl",
    "totalFees",
    "maxDrawdown",
  ] as const) {
    near(key, actual[key], expected[key], CENT);
  }
  for (const key of ["averageWin", "averageLoss"] as const) near(key, actual[key], expected[key], CENT);
  for (const key of [
    "totalReturn",
    "winRate",
    "profitFactor",
    "maxDrawdownFraction",
    "sharpeRatio",
    "exposure",
    "grossExposure",
  ] as const) {
    near(key, actual[key], expected[key], RATIO);
  }
  expect(actual).toMatchObject({
    fillCount: expected.fillCount,
    closingFillCount: expected.closingFillCount,
    winCount: expected.winCount,
    lossCount: expected.lossCount,
    openPositionCount: expected.openPositions.length,
  });
  const listed = actual.openPositions as Json[];
  const bySymbol = new Map(expected.openPositions.map((position) => [position.symbol, position]));
  for (const position of listed) {
    const reference = bySymbol.get(position.symbol as string);
    expect(reference, `open position ${String(position.symbol)}`).toBeDefined();
    if (reference) expectPosition(position, reference, expected.closingFillCount);
  }
}

export function expectPosition(actual: Json, expected: OpenPosition, closingFills = 0) {
  const label = `position ${expected.symbol}`;
  near(`${label} quantity`, actual.quantity, expected.quantity, PRICE);
  const storedResidue = (closingFills * STORED_STEP) / Math.max(Math.abs(expected.quantity), 1e-6);
  near(
    `${label} averagePrice`,
    actual.averagePrice,
    expected.averagePrice,
    Math.max(PRICE, Math.abs(expected.averagePrice) * 1e-9) + storedResidue,
  );
  near(`${label} markPrice`, actual.markPrice, expected.markPrice, PRICE);
  near(`${label} unrealizedPnl`, actual.unrealizedPnl, expected.unrealizedPnl, CENT);
  if ("marketValue" in actual) near(`${label} marketValue`, actual.marketValue, expected.marketValue, CENT);
  if ("priceSource" in actual) expect(actual.priceSource, label).toBe(expected.priceSource);
}

export function expectPositions(actual: Json, expected: OpenPosition[]) {
  const positions = actual.positions as Json[];
  expect(positions.map((position) => position.symbol)).toEqual(expected.map((position) => position.symbol));
  positions.forEach((position, index) => {
    const reference = expected[index];
    if (reference) expectPosition(position, reference);
  });
}

export function expectCurve(actual: Json, expected: EquityPoint[], startingCapital: number) {
  const points = actual.points as Array<[string, number, number, number, number, number]>;
  expect(points.map(([at]) => Date.parse(at))).toEqual(expected.map((point) => point.at.getTime()));
  points.forEach(([at, equity, totalPnl, realizedPnl, unrealizedPnl, fees], index) => {
    const reference = expected[index];
    if (!reference) return;
    near(`equity at ${at}`, equity, reference.equity, CENT);
    near(`total P&L at ${at}`, totalPnl, reference.equity - startingCapital, CENT);
    near(`realized at ${at}`, realizedPnl, reference.realizedPnl, CENT);
    near(`unrealized at ${at}`, unrealizedPnl, reference.unrealizedPnl, CENT);
    near(`fees at ${at}`, fees, reference.fees, CENT);
  });
}

export function expectBreakdown(actual: Json, expected: SymbolSummary[]) {
  const symbols = actual.symbols as Json[];
  expect(symbols.map((row) => row.symbol)).toEqual(expected.map((row) => row.symbol));
  symbols.forEach((row, index) => {
    const reference = expected[index];
    if (!reference) return;
    const label = `symbol ${reference.symbol}`;
    expect(row, label).toMatchObject({ fillCount: reference.fillCount, closingFillCount: reference.closingFillCount });
    near(`${label} winRate`, row.winRate, reference.winRate, RATIO);
    for (const key of ["realizedPnl", "fees", "netPnl", "unrealizedPnl", "notionalVolume"] as const) {
      near(`${label} ${key}`, row[key], reference[key], CENT);
    }
    near(`${label} openQuantity`, row.openQuantity, reference.openQuantity, PRICE);
    near(`${label} volume`, row.volume, reference.volume, PRICE);
  });
}
