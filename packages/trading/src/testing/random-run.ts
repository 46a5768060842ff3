import { applyFill, FLAT } from "../position.js";
import { floorToInterval } from "../time-grid.js";
import type { AssetType, Fill, OrderType, Position, PriceMark } from "../types.js";
import { seededRandom } from "./factories.js";

export interface RandomRunOptions {
  seed: number;
  startedAt: Date;
  endedAt: Date;
  fillCount: number;
  symbols: readonly string[];
  /** Default true: opens shorts and flips through zero. */
  allowShorts?: boolean;
  /** Quantities with three decimals instead of whole units. */
  fractional?: boolean;
  /** Every closing fill loses: exits are priced against the position. */
  losersOnly?: boolean;
  /** A daily mark per symbol at this UTC hour; null for no marks at all. Default 21. */
  markHourUtc?: number | null;
  /** Symbols that never get a mark, so they are valued at their last fill. */
  unmarkedSymbols?: readonly string[];
  /** Share of fills put exactly on an hour or a midnight boundary. Default 0.1. */
  boundaryShare?: number;
  orderTypes?: readonly OrderType[];
  /** Symbols traded as options. */
  optionSymbols?: readonly string[];
}

const DAY_MS = 86_400_000;
const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * A repeatable run for checking analytics against this library: prices walk, positions open
 * (long or short), grow, shrink, close and flip, fills land on hour and day boundaries and on the
 * run's start and end, and some positions stay open. Fills are numbered 1, 2, 3… in time order.
 */
export function randomRun(options: RandomRunOptions): { fills: Fill[]; marks: PriceMark[] } {
  const random = seededRandom(options.seed);
  const prices = new Map(options.symbols.map((symbol, index) => [symbol, 20 + 40 * index + 60 * random()]));
  const positions = new Map<string, Position>();
  const fills = fillTimes(options, random).map((executedAt, index): Fill => {
    const symbol = options.symbols[Math.floor(random() * options.symbols.length)] ?? "X";
    const market = walk(prices, symbol, random);
    const position = positions.get(symbol) ?? FLAT;
    const { signed, price } = decide(position, market, options, random);
    const side = signed > 0 ? "buy" : "sell";
    const quantity = Math.abs(signed);
    positions.set(symbol, applyFill(position, { side, quantity, price }).position);
    const orderTypes = options.orderTypes ?? ["market", "limit"];
    return {
      id: index + 1,
      symbol,
      assetType: (options.optionSymbols?.includes(symbol) ? "option" : "stock") satisfies AssetType,
      side,
      quantity,
      price,
      fees: random() < 0.2 ? 0 : round(random() * 2, 2),
      orderType: orderTypes[Math.floor(random() * orderTypes.length)] ?? "market",
      executedAt,
    };
  });
  return { fills, marks: dailyMarks(options, prices, random) };
}

/** Sorted times in [startedAt, endedAt], the two ends included, some exactly on boundaries. */
function fillTimes(options: RandomRunOptions, random: () => number): Date[] {
  const start = options.startedAt.getTime();
  const span = options.endedAt.getTime() - start;
  const boundaryShare = options.boundaryShare ?? 0.1;
  const times = Array.from({ length: options.fillCount }, () => {
    const at = new Date(start + Math.floor(random() * span));
    if (random() >= boundaryShare) return at;
    const snapped = floorToInterval(at, random() < 0.5 ? "hour" : "day");
    return snapped.getTime() >= start ? snapped : at;
  });
  if (times.length > 1) times[0] = new Date(start);
  if (times.length > 2) times[1] = new Date(start + span);
  return times.sort((a, b) => a.getTime() - b.getTime());
}

function walk(prices: Map<string, number>, symbol: string, random: () => number): number {
  const next = round(Math.max(1, (prices.get(symbol) ?? 50) * (1 + (random() - 0.5) * 0.04)), 2);
  prices.set(symbol, next);
  return next;
}

/** The signed quantity to trade and its price, given the position held. */
function decide(position: Position, market: number, options: RandomRunOptions, random: () => number) {
  const lot = options.fractional ? round(0.001 + random() * 20, 3) : 1 + Math.floor(random() * 50);
  const held = position.quantity;
  const shorts = options.allowShorts ?? true;
  if (held === 0) return { signed: shorts && random() < 0.4 ? -lot : lot, price: market };
  const direction = Math.sign(held);
  const roll = random();
  let signed: number;
  if (roll < 0.3) signed = -held;
  else if (roll < 0.5) signed = -direction * partOf(Math.abs(held), random(), options.fractional ?? false);
  else if (roll < 0.65 && shorts) signed = -held - direction * lot;
  else signed = direction * lot;
  if (Math.abs(signed) < 1e-9) signed = -held;
  const closing = Math.sign(signed) !== direction;
  const price = closing && options.losersOnly ? round(position.averagePrice * (1 - direction * (0.01 + random() * 0.05)), 2) : market;
  return { signed: round(signed, 6), price };
}

/** Up to 90% of `held`: whole units, or thousandths when fractional; at least the smallest unit. */
function partOf(held: number, share: number, fractional: boolean): number {
  const unit = fractional ? 0.001 : 1;
  return Math.max(unit, round(Math.floor((held * share * 0.9) / unit) * unit, 3));
}

/** One mark per symbol and day at the chosen hour, from the day before the start to the day after the end. */
function dailyMarks(options: RandomRunOptions, prices: Map<string, number>, random: () => number): PriceMark[] {
  if (options.markHourUtc === null) return [];
  const hour = options.markHourUtc ?? 21;
  const marks: PriceMark[] = [];
  const first = floorToInterval(options.startedAt, "day").getTime() - DAY_MS;
  for (let day = first; day <= options.endedAt.getTime() + DAY_MS; day += DAY_MS) {
    for (const symbol of options.symbols) {
      if (options.unmarkedSymbols?.includes(symbol)) continue;
      const price = round((prices.get(symbol) ?? 50) * (0.97 + random() * 0.06), 2);
      marks.push({ symbol, at: new Date(day + hour * 3_600_000), price });
    }
  }
  return marks;
}
