import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRecords, CsvSyntaxError, type CsvRecord } from "./csv-records.js";

// Differential: csv-parse (the library the CLI used before) and csvRecords read the same text
// into the same records with the same line numbers, however the text is cut into chunks.

function withCsvParse(text: string): CsvRecord[] {
  const entries = parse(text, { bom: true, info: true, raw: true, skip_empty_lines: true, relax_column_count: true }) as unknown as Array<{
    record: string[];
    raw: string;
    info: { lines: number };
  }>;
  let extraLines = 0;
  return entries.map((entry) => {
    // csv-parse counts a CRLF inside a quoted cell as two lines.
    extraLines += entry.raw.split("\r\n").length - 1;
    return { cells: entry.record, line: entry.info.lines - extraLines };
  });
}

async function withOurs(chunks: string[]): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of csvRecords(chunks)) records.push(record);
  return records;
}

function cutAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  return [...points, text.length].map((end, index) => text.slice(index ? points[index - 1] : 0, end));
}

const cellText = fc.string({ unit: fc.constantFrom("a", "1", " ", ",", '"', "\n", "\r\n", "é", "."), maxLength: 8 });
const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell.startsWith(" ") ? `"${cell.replaceAll('"', '""')}"` : cell);

describe("csvRecords against csv-parse", () => {
  it.each(["generic-mixed.csv", "alpaca-activities.csv", "ibkr-flex-trades.csv"])("reads the fixture %s the same", async (name) => {
    const text = await readFile(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
    expect(await withOurs(cutAt(text, [1, 7, 100, 101, 333]))).toEqual(withCsvParse(text));
  });

  it("reads random files the same, cut into random chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, newline, bom, cuts) => {
          const text = (bom ? "\ufeff" : "") + rows.map((row) => row.map(quote).join(",")).join(newline) + newline;
          expect(await withOurs(cutAt(text, cuts))).toEqual(withCsvParse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses what is not CSV at its line, as csv-parse does", async () => {
    for (const text of ['a,b\n1,"2\n', 'a,b\n1,x"y\n', 'a,b\n1,"x"y\n']) {
      expect(() => withCsvParse(text)).toThrow();
      await expect(withOurs([text])).rejects.toThrow(CsvSyntaxError);
    }
    await expect(withOurs(['a,b\n1,"2\n'])).rejects.toThrow("line 2: a quote that is never closed");
  });
});
