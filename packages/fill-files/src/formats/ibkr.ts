import { numberCell, optionalNumberCell, pick, textCell } from "../row-values.js";
import { zonedToIso } from "../zoned-time.js";
import type { DraftFill, FillFormat, FormatReading } from "./format.js";

// Interactive Brokers Flex Query, Trades (or Trade Confirmations) section, as CSV with column
// headers and without section codes or header/trailer records. Columns used: TradeID (or
// TransactionID), Symbol, AssetClass (STK, OPT, FUT, CASH, CRYPTO), DateTime (yyyyMMdd;HHmmss by
// default, in the account's zone, or with dashes and colons, a space or a comma; IBKR may append
// the zone's abbreviation: "20261231;233000 EST"), Buy/Sell (BUY, SELL; "(Ca.)" marks a
// cancelled trade), Quantity (negative for sells), TradePrice, IBCommission (negative: a cost),
// OrderType (LMT, MKT, STP, STP LMT, TRAIL…), IBOrderID, LevelOfDetail (only EXECUTION rows are
// fills: a query that also asks for orders or symbol summaries repeats the same trades in them).
// Headers checked against exports published with open-source importers (2026-12-05).

const assetClasses: Record<string, DraftFill["assetType"]> = {
  STK: "stock",
  ETF: "stock",
  OPT: "option",
  FOP: "option",
  FUT: "future",
  CASH: "forex",
  CRYPTO: "crypto",
};
const orderTypes: Record<string, DraftFill["orderType"]> = {
  MKT: "market",
  MOC: "market",
  MOO: "market",
  LMT: "limit",
  LOC: "limit",
  LOO: "limit",
  MIDPRICE: "limit",
  REL: "limit",
  STP: "stop",
  "STP LMT": "stop_limit",
  TRAIL: "trailing_stop",
  "TRAIL LIMIT": "trailing_stop",
  TRAILLMT: "trailing_stop",
};
const dateTime = /^(\d{4})-?(\d{2})-?(\d{2})[;, T]?(\d{2}):?(\d{2}):?(\d{2})(?:\s+([A-Za-z]{2,5}))?$/;

// An abbreviation names a region, not an offset: IBKR may write "EST" all year, so the region's
// own rules give the offset at that moment (summer included).
const zoneAbbreviations: Record<string, string> = {
  EST: "America/New_York",
  EDT: "America/New_York",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  MST: "America/Denver",
  MDT: "America/Denver",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  GMT: "UTC",
  UTC: "UTC",
  BST: "Europe/London",
  CET: "Europe/Zurich",
  CEST: "Europe/Zurich",
  HKT: "Asia/Hong_Kong",
  JST: "Asia/Tokyo",
};

function instant(text: string, accountZone: string): string | null {
  const match = dateTime.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const abbreviation = match[7]?.toUpperCase();
  const zone = abbreviation === undefined ? accountZone : zoneAbbreviations[abbreviation];
  return zone === undefined ? null : zonedToIso({ year, month, day, hour, minute, second }, zone);
}

export const ibkrFormat: FillFormat = {
  name: "ibkr",
  requiredColumns: [["Symbol"], ["DateTime"], ["Buy/Sell"], ["Quantity"], ["TradePrice"]],
  read(record, options): FormatReading {
    const sideText = (pick(record, ["Buy/Sell"]) ?? "").trim().toUpperCase();
    if (/\(CA\.?\)/.test(sideText)) return { skip: "a cancelled trade (Ca.)" };
    if (pick(record, ["Symbol"])?.trim() === "Symbol") return { skip: "a repeated header row" };
    const detail = (pick(record, ["LevelOfDetail"]) ?? "").trim().toUpperCase();
    if (detail !== "" && detail !== "EXECUTION") return { skip: `a ${detail} row (LevelOfDetail), not an execution` };
    const reasons: string[] = [];
    const quantity = numberCell(pick(record, ["Quantity"]), "Quantity");
    const price = numberCell(pick(record, ["TradePrice"]), "TradePrice");
    const commission = optionalNumberCell(pick(record, ["IBCommission"]), "IBCommission", 0);
    for (const cell of [quantity, price, commission]) if ("reason" in cell) reasons.push(cell.reason);
    const side = sideText === "BUY" ? "buy" : sideText === "SELL" ? "sell" : null;
    if (!side) reasons.push(`unknown Buy/Sell "${sideText}": IBKR writes BUY or SELL`);
    const timeText = pick(record, ["DateTime"]) ?? "";
    const executedAt = instant(timeText, options.timeZone);
    if (!executedAt)
      reasons.push(`DateTime "${timeText.trim()}" is not yyyyMMdd;HHmmss (optionally with a US, London, Zurich, Hong Kong or Tokyo zone)`);
    const assetClass = (pick(record, ["AssetClass"]) ?? "STK").trim().toUpperCase();
    const assetType = assetClasses[assetClass];
    if (!assetType) reasons.push(`unsupported AssetClass "${assetClass}"`);
    const orderTypeText = (pick(record, ["OrderType"]) ?? "").trim().toUpperCase();
    if ("reason" in quantity || "reason" in price || "reason" in commission || !side || !executedAt || !assetType) return { reasons };
    return {
      draft: {
        fillId: textCell(pick(record, ["TradeID"])) ?? textCell(pick(record, ["TransactionID"])),
        executedAt,
        // Option symbols pad the root with spaces ("AAPL  240119C00190000").
        symbol: (pick(record, ["Symbol"]) ?? "").trim().replace(/\s+/g, ""),
        assetType,
        side,
        quantity: Math.abs(quantity.value),
        price: price.value,
        fees: Math.abs(commission.value),
        orderType: orderTypes[orderTypeText] ?? options.defaultOrderType,
        orderId: textCell(pick(record, ["IBOrderID"])),
        tag: undefined,
      },
    };
  },
};
