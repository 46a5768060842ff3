import { createReadStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { FillFileError, parseFillFile, scanFillFile, type FillFormatName, type ParsedRow } from "./index.js";

const fixture = (name: string) => createReadStream(new URL(`../fixtures/${name}`, import.meta.url));

async function rowsOf(source: AsyncIterable<string | Uint8Array> | Iterable<string>, format: FillFormatName, timeZone?: string) {
  const rows: ParsedRow[] = [];
  for await (const row of parseFillFile(source, { format, ...(timeZone ? { timeZone } : {}) })) rows.push(row);
  return rows;
}

const summary = (rows: ParsedRow[]) =>
  rows.map((row) => [
    row.line,
    row.kind === "fill" ? row.fill.fillId : row.kind === "error" ? row.reasons.join("; ") : `skipped: ${row.reason}`,
  ]);

describe("fill files", () => {
  it("reads the generic CSV (BOM, CRLF, quoted commas and newlines) and names every bad row by its line", async () => {
    const rows = await rowsOf(fixture("generic-mixed.csv"), "generic");
    expect(summary(rows)).toEqual([
      [2, "f-1"],
      [3, "f-2"],
      [4, "symbol: not a ticker symbol (A-Z, 0-9, . : / _ -, at most 32)"],
      [5, 'side: unknown side: use "buy" or "sell"'],
      [6, "quantity: quantity must be above 0"],
      [7, 'price is not a number ("1,000")'],
      [8, "executedAt: not an ISO 8601 time with a zone, e.g. 2026-03-02T14:30:00Z"],
      [9, "the row does not have the header's 11 cells"],
      [12, "f-9"],
      [13, "price: price must be above 0"],
    ]);
    const first = rows[0];
    expect(first?.kind === "fill" && first.fill).toEqual({
      fillId: "f-1",
      executedAt: "2026-03-02T14:30:00Z",
      symbol: "AAPL",
      assetType: "stock",
      side: "buy",
      quantity: 100,
      price: 182.5,
      fees: 1,
      orderType: "limit",
      orderId: "o-1",
      tag: "open, first leg",
    });
    const multiLine = rows.find((row) => row.line === 12);
    expect(multiLine?.kind === "fill" && multiLine.fill.tag).toBe("multi\r\nline tag");
  });

  it("reads Alpaca activities: FILL rows only, sell_short is a sell, other activities reported as skipped", async () => {
    const rows = await rowsOf(fixture("alpaca-activities.csv"), "alpaca");
    expect(summary(rows)).toEqual([
      [2, "20260302143000123::8f7e2c1a-52b3-4a8e-9d59-4d2b8a1f0c11"],
      [3, "20260302150000456::0b4c3e2d-6a7f-4c1d-8e9f-1a2b3c4d5e6f"],
      [4, "skipped: activity_type DIV is not a fill"],
      [5, "20260302153000000::3c2b1a09-8f7e-4d6c-9b5a-0f1e2d3c4b5a"],
      [6, "20260302154500000::4d3c2b1a-0f9e-4d7c-8b6a-5f4e3d2c1b0a"],
      [7, 'unknown side "short": Alpaca writes buy, sell or sell_short'],
    ]);
    const fills = rows.flatMap((row) => (row.kind === "fill" ? [row.fill] : []));
    expect(fills.map((fill) => [fill.symbol, fill.assetType, fill.side, fill.quantity])).toEqual([
      ["AAPL", "stock", "buy", 100],
      ["AAPL", "stock", "sell", 40],
      ["BTC/USD", "crypto", "buy", 0.015],
      ["AAPL260116C00190000", "option", "sell", 2],
    ]);
  });

  it("reads IBKR Flex trades: New York wall time across daylight saving, signed quantities, commissions as fees", async () => {
    const rows = await rowsOf(fixture("ibkr-flex-trades.csv"), "ibkr");
    expect(summary(rows)).toEqual([
      [2, "512345678"],
      [3, "512345679"],
      [4, "512345680"],
      [5, "512345681"],
      [6, "skipped: a cancelled trade (Ca.)"],
      [7, 'DateTime "20260230;120000" is not yyyyMMdd;HHmmss (optionally with a US, London, Zurich, Hong Kong or Tokyo zone)'],
      [8, 'unsupported AssetClass "BOND"'],
      [9, "512345685"],
    ]);
    const fills = rows.flatMap((row) => (row.kind === "fill" ? [row.fill] : []));
    expect(
      fills.map((fill) => [fill.executedAt, fill.symbol, fill.assetType, fill.side, fill.quantity, fill.fees, fill.orderType]),
    ).toEqual([
      ["2026-03-02T14:30:00.000Z", "AAPL", "stock", "buy", 100, 1, "limit"],
      ["2026-03-02T15:00:00.000Z", "AAPL", "stock", "sell", 40, 0.4012, "market"],
      ["2026-03-02T15:15:00.000Z", "AAPL260116C00190000", "option", "buy", 2, 1.3, "stop_limit"],
      ["2026-03-02T16:00:00.000Z", "EUR.USD", "forex", "sell", 20000, 2, "market"],
      // July: New York is UTC-4.
      ["2026-07-06T13:30:00.000Z", "MSFT", "stock", "buy", 5, 0.5, "trailing_stop"],
    ]);
    const utc = await rowsOf(fixture("ibkr-flex-trades.csv"), "ibkr", "UTC");
    expect(utc[0]?.kind === "fill" && utc[0].fill.executedAt).toBe("2026-03-02T09:30:00.000Z");
  });

  it("reads IBKR executions only, and times with a zone abbreviation by that zone's rules", async () => {
    // Headers as IBKR writes them with "Executions" and "Symbol Summary"/"Orders" ticked.
    const rows = await rowsOf(fixture("ibkr-flex-levels.csv"), "ibkr");
    expect(summary(rows)).toEqual([
      [2, "skipped: a SYMBOL_SUMMARY row (LevelOfDetail), not an execution"],
      [3, "trade-1"],
      [4, "skipped: a ORDER row (LevelOfDetail), not an execution"],
      [5, "trade-2"],
      [6, "trade-3"],
      [7, "trade-4"],
      [8, 'DateTime "20260918;133500 XYZ" is not yyyyMMdd;HHmmss (optionally with a US, London, Zurich, Hong Kong or Tokyo zone)'],
    ]);
    const times = rows.flatMap((row) => (row.kind === "fill" ? [row.fill.executedAt] : []));
    expect(times).toEqual([
      "2026-12-31T15:30:00.000Z",
      // "EST" in July still means New York's clock, which is then UTC-4.
      "2026-07-06T13:30:00.000Z",
      "2026-07-06T13:45:00.000Z",
      // No abbreviation: the account's zone (New York by default).
      "2026-09-18T17:31:02.000Z",
    ]);
    // An abbreviation wins over the zone chosen for the file.
    const tokyo = await rowsOf(fixture("ibkr-flex-levels.csv"), "ibkr", "Asia/Tokyo");
    expect(tokyo.flatMap((row) => (row.kind === "fill" ? [row.fill.executedAt] : []))[0]).toBe("2026-12-31T15:30:00.000Z");
  });

  it("refuses a file of another format at its header, naming the missing columns", async () => {
    await expect(rowsOf(fixture("alpaca-activities.csv"), "ibkr")).rejects.toThrow(
      new FillFileError("line 1: not a ibkr fill file: missing columns DateTime, Buy/Sell, Quantity, TradePrice"),
    );
    await expect(rowsOf(fixture("generic-mixed.csv"), "alpaca")).rejects.toThrow(
      /line 1: not a alpaca fill file: missing columns activity_type, transaction_time, qty/,
    );
    await expect(rowsOf(['a,b\n1,"2\n'], "generic")).rejects.toThrow(FillFileError);
    await expect(rowsOf(["executed_at,symbol,side,quantity,price\n"], "generic", "Mars/Olympus")).rejects.toThrow(
      'unknown time zone "Mars/Olympus"',
    );
  });

  it("derives the same fill ids from a file without them on every read, and tells identical fills apart", async () => {
    const file =
      "executed_at,symbol,side,quantity,price\n2026-03-02T14:30:00Z,AAPL,buy,1,10\n2026-03-02T14:30:00Z,AAPL,buy,1,10\n2026-03-02T14:31:00Z,AAPL,sell,2,11\n";
    const ids = async () => (await rowsOf([file], "generic")).map((row) => (row.kind === "fill" ? row.fill.fillId : row.kind));
    const first = await ids();
    expect(new Set(first).size).toBe(3);
    expect(first.every((id) => /^file-[0-9a-z]+$/.test(id))).toBe(true);
    expect(await ids()).toEqual(first);
  });

  it("scans a file in one pass: counts, errors, skipped rows and the time span", async () => {
    const scan = await scanFillFile(parseFillFile(fixture("ibkr-flex-trades.csv"), { format: "ibkr" }));
    expect(scan.fills).toBe(5);
    expect(scan.errors.map((error) => error.line)).toEqual([7, 8]);
    expect(scan.skipped.map((row) => row.line)).toEqual([6]);
    expect([scan.earliest, scan.latest]).toEqual(["2026-03-02T14:30:00.000Z", "2026-07-06T13:30:00.000Z"]);
  });
});
