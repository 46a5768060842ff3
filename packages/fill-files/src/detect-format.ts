import { csvRecords, type CsvRecord } from "./csv-records.js";
import { fillFormats, type CsvFormatName } from "./parse-fill-file.js";
import { normalizeHeader } from "./row-values.js";

/** The format whose required columns the header has (Alpaca and IBKR first: theirs are distinctive), else null. */
export function detectFillFormat(header: readonly string[]): CsvFormatName | null {
  const present = new Set(header.map(normalizeHeader));
  const order: CsvFormatName[] = ["alpaca", "ibkr", "generic"];
  return (
    order.find((name) =>
      fillFormats[name].requiredColumns.every((names) => names.some((column) => present.has(normalizeHeader(column)))),
    ) ?? null
  );
}

/**
 * A JSON fill file, by its name (.json, .jsonl, .ndjson) or by its start (`[` or `{` after white
 * space and a BOM): no CSV header begins with either.
 */
export function isJsonFillFile(fileName: string, start: string): boolean {
  return /\.(json|jsonl|ndjson)$/i.test(fileName) || /^\uFEFF?\s*[[{]/.test(start);
}

/** The generic columns a mapping step asks for, required ones first. */
export const genericColumns = {
  required: fillFormats.generic.requiredColumns.map((names) => names[0] ?? ""),
  optional: ["fill_id", "asset_type", "fees", "order_type", "order_id", "tag"],
} as const;

export interface FileHead {
  header: string[];
  rows: CsvRecord[];
}

/** The header and the first `rows` records of a file's text (the caller passes only its start). */
export async function readFileHead(chunks: AsyncIterable<string> | Iterable<string>, rows: number): Promise<FileHead | null> {
  let header: string[] | null = null;
  const first: CsvRecord[] = [];
  const records = csvRecords(chunks);
  try {
    for await (const record of records) {
      if (!header) header = record.cells;
      else first.push(record);
      if (first.length >= rows) break;
    }
  } catch (error) {
    // A start cut inside a quoted cell is not an error of the file: the preview shows what came before.
    if (!header) throw error;
  }
  return header ? { header, rows: first } : null;
}
