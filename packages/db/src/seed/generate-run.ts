import type { AssetType, OrderType, TradeSide } from "../client.js";
import type { DemoModel } from "./demo-models.js";
import type { Random } from "./random.js";

export interface GeneratedFill {
  symbol: string;
  assetType: AssetType;
  side: TradeSide;
  quantity: number;
  price: number;
  fees: number;
  orderType: OrderType;
  executedAt: Date;
}

export interface GeneratedMark {
  symbol: string;
  at: Date;
  price: number;
}

const DAY_MS = 86_400_000;
const OPEN_MINUTE_UTC = 14 * 60 + 30;
const SESSION_MINUTES = 390;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Weekdays from `start`, as the dates markets are open. */
function tradingDays(start: Date, count: number): Date[] {
  const days: Date[] = [];
  for (let day = start.getTime(); days.length < count; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(day));
  }
  return days;
}

/**
 * A plausible run: prices walk randomly, the model opens, adds to, trims and closes positions
 * in its own symbols with its own order types, shorts only where allowed, and leaves some
 * positions open at the end. Daily closing marks value what stays open.
 */
export function generateRun(model: DemoModel, plan: DemoModel["runs"][number], start: Date, random: Random) {
  const prices = new Map(Object.entries(model.startPrices));
  const held = new Map<string, number>();
  const fills: GeneratedFill[] = [];
  const marks: GeneratedMark[] = [];
  const days = tradingDays(start, plan.days);
  const lastDay = days.length - 1;

  days.forEach((day, index) => {
    const minutes = Array.from({ length: random.integer(plan.fillsPerDay - 3, plan.fillsPerDay + 3) }, () =>
      random.integer(0, SESSION_MINUTES - 1),
    ).sort((a, b) => a - b);
    for (const minute of minutes) {
      const symbol = random.pick(model.symbols);
      const price = walk(prices, symbol, random, 0.004);
      const executedAt = new Date(day.getTime() + (OPEN_MINUTE_UTC + minute) * 60_000 + random.integer(0, 59_999));
      const fill = decideFill(model, held, { symbol, price, executedAt, closingDay: index === lastDay }, random);
      if (fill) fills.push(fill);
    }
    for (const symbol of model.symbols) {
      const close = walk(prices, symbol, random, 0.002);
      marks.push({ symbol, at: new Date(day.getTime() + (OPEN_MINUTE_UTC + SESSION_MINUTES) * 60_000), price: close });
    }
  });
  const endedAt = new Date((days.at(-1) ?? start).getTime() + (OPEN_MINUTE_UTC + SESSION_MINUTES) * 60_000);
  return { fills, marks, startedAt: new Date((days[0] ?? start).getTime() + OPEN_MINUTE_UTC * 60_000), endedAt };
}

function walk(prices: Map<string, number>, symbol: string, random: Random, volatility: number): number {
  const previous = prices.get(symbol) ?? 100;
  const next = round(Math.max(0.5, previous * (1 + volatility * random.normal() + 0.0002)), 2);
  prices.set(symbol, next);
  return next;
}

interface Moment {
  symbol: string;
  price: number;
  executedAt: Date;
  closingDay: boolean;
}

function decideFill(model: DemoModel, held: Map<string, number>, moment: Moment, random: Random): GeneratedFill | null {
  const position = held.get(moment.symbol) ?? 0;
  const lot = Math.max(1, Math.round((model.buyingPower * random.between(0.03, 0.12)) / moment.price));
  let signed: number;
  if (position === 0) {
    // On the last day open little, so the run ends with a few positions rather than many.
    if (moment.closingDay && random.chance(0.7)) return null;
    signed = model.allowShorting && random.chance(0.4) ? -lot : lot;
  } else if (random.chance(0.55)) {
    signed = -position;
  } else if (random.chance(0.5)) {
    signed = -Math.sign(position) * Math.max(1, Math.floor(Math.abs(position) * random.between(0.3, 0.7)));
  } else {
    signed = Math.sign(position) * Math.max(1, Math.round(lot / 2));
  }
  held.set(moment.symbol, position + signed);
  const quantity = Math.abs(signed);
  return {
    symbol: moment.symbol,
    assetType: model.assetType(moment.symbol),
    side: signed > 0 ? "buy" : "sell",
    quantity,
    price: moment.price,
    fees: round(Math.max(1, quantity * moment.price * 0.0002), 2),
    orderType: random.pick(model.allowedOrderTypes),
    executedAt: moment.executedAt,
  };
}
