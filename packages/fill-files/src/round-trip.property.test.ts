import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFillFile, type ParsedRow } from "./index.js";

// Any valid fills, written as the generic CSV the way spreadsheets do it (optional BOM, CRLF or
// LF, every cell quoted or only where needed, chunked at random byte boundaries), read back equal.

const fillArbitrary = fc.record({
  fillId: fc.string({ minLength: 1, maxLength: 12 }).filter((id) => id.trim() === id && id.length > 0 && !id.includes("\u0000")),
  executedAt: fc
    .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
    .map((date) => date.toISOString()),
  symbol: fc.constantFrom("AAPL", "BRK.B", "BTC/USD", "ESZ6", "EUR.USD"),
  side: fc.constantFrom("buy" as const, "sell" as const),
  quantity: fc.integer({ min: 1, max: 10_000_000 }).map((micro) => micro / 1000),
  price: fc.integer({ min: 1, max: 100_000_000 }).map((cents) => cents / 100),
  fees: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
  orderType: fc.constantFrom("market" as const, "limit" as const, "stop_limit" as const),
  tag: fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((tag) => tag.trim() === tag && !tag.includes("\u0000") && !/[\uD800-\uDFFF]/.test(tag)),
});

const quote = (cell: string, always: boolean) => (always || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

describe("generic CSV round trip", () => {
  it("reads back exactly the fills written, at their line numbers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fillArbitrary, { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (fills, bom, crlf, quoteAll, chunk) => {
          const newline = crlf ? "\r\n" : "\n";
          const header = "fill_id,executed_at,symbol,side,quantity,price,fees,order_type,tag";
          const lines = fills.map((fill) =>
            [
              fill.fillId,
              fill.executedAt,
              fill.symbol,
              fill.side,
              String(fill.quantity),
              String(fill.price),
              String(fill.fees),
              fill.orderType,
              fill.tag,
            ]
              .map((cell) => quote(cell, quoteAll))
              .join(","),
          );
          const text = (bom ? "\uFEFF" : "") + [header, ...lines].join(newline) + newline;
          const bytes = new TextEncoder().encode(text);
          const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, index) =>
            Buffer.from(bytes.subarray(index * chunk, (index + 1) * chunk)),
          );
          const rows: ParsedRow[] = [];
          for await (const row of parseFillFile(chunks, { format: "generic" })) rows.push(row);
          const expectedLines: number[] = [];
          let line = 2;
          for (const fill of fills) {
            expectedLines.push(line + (fill.tag.match(/\r\n|\r|\n/g)?.length ?? 0) + (fill.fillId.match(/\r\n|\r|\n/g)?.length ?? 0));
            line = (expectedLines.at(-1) ?? line) + 1;
          }
          expect(rows.map((row) => row.kind)).toEqual(fills.map(() => "fill"));
          expect(rows.map((row) => (row.kind === "fill" ? { ...row.fill, assetType: undefined, orderId: undefined } : null))).toEqual(
            fills.map((fill) => ({ ...fill, assetType: undefined, orderId: undefined })),
          );
          expect(rows.map((row) => row.line)).toEqual(expectedLines);
        },
      ),
      { numRuns: 150 },
    );
  });
});
