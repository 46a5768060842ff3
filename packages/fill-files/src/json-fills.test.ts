import { describe, expect, it } from "vitest";
import { batchFills, FillFileError, isJsonFillFile, parseFillFile, scanFillFile, type ParsedRow } from "./index.js";

const fill = (n: number, extra: Record<string, unknown> = {}) => ({
  fillId: `j-${n}`,
  executedAt: `2026-03-02T14:${String(n % 60).padStart(2, "0")}:00Z`,
  symbol: "AAPL",
  side: n % 2 ? "sell" : "buy",
  quantity: 10,
  price: 190.5,
  orderType: "limit",
  ...extra,
});

async function rowsOf(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>) {
  const rows: ParsedRow[] = [];
  for await (const row of parseFillFile(chunks, { format: "json" })) rows.push(row);
  return rows;
}

const summary = (rows: ParsedRow[]) =>
  rows.map((row) => [row.line, row.kind === "fill" ? row.fill.fillId : row.kind === "error" ? row.reasons.join("; ") : row.reason]);

/** Text cut into pieces of `size` characters, as a stream delivers it (tokens split across chunks). */
const pieces = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

describe("JSON fill files", () => {
  const bad = [
    fill(2, { quantity: "10" }),
    fill(3, { venue: "XNAS", note: 1 }),
    [1, 2],
    fill(5, { side: "short", price: 0 }),
    fill(6, { fees: 1.25, assetType: "stock", orderId: "o-6", tag: "open" }),
  ];

  it("reads an array element by element, across any chunking, and names each bad element by its index", async () => {
    const text = `\uFEFF [\n${[fill(1), ...bad].map((value) => JSON.stringify(value)).join(",\n")}\n]\n`;
    for (const size of [1, 7, 4096]) {
      expect(summary(await rowsOf(pieces(text, size)))).toEqual([
        [1, "j-1"],
        [2, "quantity: quantity must be a number"],
        [3, 'unknown fields "venue", "note"'],
        [4, "a fill is a JSON object, not an array"],
        [5, 'side: unknown side: use "buy" or "sell"; price: price must be above 0'],
        [6, "j-6"],
      ]);
    }
    const rows = await rowsOf([text]);
    expect(rows[5]).toEqual({
      line: 6,
      kind: "fill",
      fill: { ...fill(6), assetType: "stock", fees: 1.25, orderId: "o-6", tag: "open" },
    });
  });

  it("reads JSON Lines line by line (CRLF, blank lines) and names a broken line by its number", async () => {
    const text = [fill(1), ...bad]
      .map((value) => JSON.stringify(value))
      .join("\r\n")
      .replace(/\r\n\[1,2\]/, '\r\n\r\n{"fillId": "x",');
    expect(summary(await rowsOf(pieces(text, 5)))).toEqual([
      [1, "j-1"],
      [2, "quantity: quantity must be a number"],
      [3, 'unknown fields "venue", "note"'],
      [5, expect.stringMatching(/^not valid JSON: .*(JSON|position|end)/i)],
      [6, 'side: unknown side: use "buy" or "sell"; price: price must be above 0'],
      [7, "j-6"],
    ]);
  });

  it("refuses whole files that are not JSON fills with a FillFileError naming what is wrong", async () => {
    const cases: Array<[string, RegExp]> = [
      ["", /the file is empty/],
      ["  \n\uFEFF", /the file is empty/],
      ["42", /starts with "4".*array of fill objects/],
      ['"fills"', /starts with "\\"".*JSON Lines/],
      ["fill_id,symbol\n", /starts with "f"/],
      [`[${JSON.stringify(fill(1))}, {"fillId": }]`, /not valid JSON near byte 1\d\d, after array element 1: Unexpected/],
      [`[${JSON.stringify(fill(1))}`, /not valid JSON near byte \d+, after array element 1/],
      [`[${JSON.stringify(fill(1))}] [`, /not valid JSON near byte \d+, after array element 1/],
      [`${JSON.stringify(fill(1))}\n{"a\u0000": 1}`, /a NUL byte at character \d+/],
    ];
    for (const [text, message] of cases) {
      const read = rowsOf([new TextEncoder().encode(text)]);
      await expect(read, JSON.stringify(text)).rejects.toThrow(FillFileError);
      await expect(rowsOf([text])).rejects.toThrow(message);
    }
  });

  it("stops a 1 GB file that never ends an element, nests without end or is blank, after a bounded read", async () => {
    /** 1 GB of text after `prefix` if read to the end; counts the megabytes read. */
    const gigabyte = (prefix: string, filler: string) => {
      const chunk = filler.repeat(Math.ceil((1024 * 1024) / filler.length)).slice(0, 1024 * 1024);
      const source = {
        megabytesRead: 0,
        async *chunks() {
          yield prefix;
          for (let n = 0; n < 1024; n++, source.megabytesRead++) yield chunk;
        },
      };
      return source;
    };
    const cases: Array<[string, string, RegExp]> = [
      [`[${JSON.stringify(fill(1))}, {"tag": "`, "x", /array element 2: longer than 1 MB of text: not a fill/],
      ["[", " ", /array element 1: longer than 1 MB of text: not a fill/],
      ["[", '{"a": [', /array element 1: nested more than 8 levels deep: not a fill/],
      ["", "\n", /starts with more than 1 MB of white space/],
      ["{", "y", /line 1 is longer than 1000000 characters/],
    ];
    for (const [prefix, filler, message] of cases) {
      const file = gigabyte(prefix, filler);
      await expect(rowsOf(file.chunks()), prefix).rejects.toThrow(message);
      expect(file.megabytesRead, prefix).toBeLessThanOrEqual(2);
    }
  });

  it("keeps a character split across byte chunks whole", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify([fill(1, { tag: "π 😀" })]));
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const [row] = await rowsOf(chunks);
    expect(row?.kind === "fill" && row.fill.tag).toBe("π 😀");
  });

  it("streams a million fills in batches without holding the file", async () => {
    const total = 1_000_000;
    async function* lines() {
      for (let start = 0; start < total; start += 1000) {
        yield Array.from({ length: 1000 }, (_, i) => JSON.stringify(fill(start + i))).join("\n") + "\n";
      }
    }
    let batches = 0;
    let fills = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    for await (const batch of batchFills(parseFillFile(lines(), { format: "json" }), 5000)) {
      batches++;
      fills += batch.fills.length;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    expect({ batches, fills }).toEqual({ batches: 200, fills: total });
    // The file is ~150 MB of text; a reader holding it would grow by far more than this.
    expect(heapPeak - heapBefore).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);

  it("scans like CSV: fills counted, errors listed, earliest and latest times", async () => {
    const scan = await scanFillFile(parseFillFile([JSON.stringify([fill(3), fill(1), { symbol: "AAPL" }])], { format: "json" }));
    expect(scan.fills).toBe(2);
    expect(scan.errors.map((row) => row.line)).toEqual([3]);
    expect([scan.earliest, scan.latest]).toEqual(["2026-03-02T14:01:00Z", "2026-03-02T14:03:00Z"]);
  });

  it("tells a JSON file by its name or its first character", () => {
    expect(isJsonFillFile("fills.ndjson", "")).toBe(true);
    expect(isJsonFillFile("FILLS.JSONL", "")).toBe(true);
    expect(isJsonFillFile("export.txt", "\uFEFF\n  [")).toBe(true);
    expect(isJsonFillFile("export.txt", '{"fillId"')).toBe(true);
    expect(isJsonFillFile("fills.csv", "fill_id,symbol")).toBe(false);
  });
});
