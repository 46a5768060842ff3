import { fillInput, type FillInput } from "@parley/api/run-schemas";
import { parse } from "csv-parse";
import { Readable } from "node:stream";
import { createFillIdDeriver } from "./derived-fill-id.js";
import { alpacaFormat } from "./formats/alpaca.js";
import type { FillFormat, ReadOptions } from "./formats/format.js";
import { genericFormat } from "./formats/generic.js";
import { ibkrFormat } from "./formats/ibkr.js";
import { normalizeHeader } from "./row-values.js";
import { checkTimeZone } from "./zoned-time.js";

export const fillFormats = { generic: genericFormat, alpaca: alpacaFormat, ibkr: ibkrFormat } as const;
export type FillFormatName = keyof typeof fillFormats;

/** Every record of the file, by its line number (1 is the header): none is dropped unsaid. */
export type ParsedRow =
  | { line: number; kind: "fill"; fill: FillInput }
  | { line: number; kind: "error"; reasons: string[] }
  | { line: number; kind: "skipped"; reason: string };

/** The file as a whole cannot be read (no header, required columns missing, bad options). */
export class FillFileError extends Error {}

export interface ParseOptions extends Partial<ReadOptions> {
  format: FillFormatName;
}

function resolveOptions(options: ParseOptions): ReadOptions {
  const timeZone = checkTimeZone(options.timeZone ?? "America/New_York");
  if (!timeZone) throw new FillFileError(`unknown time zone "${options.timeZone}"`);
  return { timeZone, defaultOrderType: options.defaultOrderType ?? "market" };
}

function checkHeader(format: FillFormat, header: readonly string[]) {
  const present = new Set(header.map(normalizeHeader));
  const missing = format.requiredColumns.filter((names) => !names.some((name) => present.has(normalizeHeader(name))));
  if (missing.length) {
    throw new FillFileError(
      `line 1: not a ${format.name} fill file: missing column${missing.length > 1 ? "s" : ""} ${missing.map((names) => names[0]).join(", ")}`,
    );
  }
}

/** Zod's issues as "quantity: quantity must be above 0". */
function zodReasons(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string[] {
  return issues.map((issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
}

/**
 * Streams a fill file (a Node stream, or any async iterable of text/bytes) record by record:
 * memory stays flat however long the file is. BOM, quoted commas and newlines, CRLF are CSV's;
 * a row with the wrong number of cells is an error at its line, and parsing goes on.
 */
export async function* parseFillFile(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ParsedRow> {
  const format = fillFormats[options.format];
  const readOptions = resolveOptions(options);
  const deriveId = createFillIdDeriver();
  let headerLength = 0;
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      checkHeader(format, header);
      headerLength = header.length;
      return header.map(normalizeHeader);
    },
    info: true,
    raw: true,
    skip_empty_lines: true,
    // Counted below instead of thrown, so a short row is one error at its line, not the end.
    relax_column_count: true,
  });
  const records = Readable.from(source).pipe(parser);
  let unevenSoFar = 0;
  let extraLines = 0;
  try {
    for await (const entry of records as AsyncIterable<CsvEntry>) {
      // csv-parse counts a CRLF inside a quoted cell as two lines; its raw text shows each one.
      extraLines += entry.raw.split("\r\n").length - 1;
      const line = entry.info.lines - extraLines;
      if (entry.info.invalid_field_length > unevenSoFar) {
        unevenSoFar = entry.info.invalid_field_length;
        yield { line, kind: "error", reasons: [`the row does not have the header's ${headerLength} cells`] };
        continue;
      }
      yield readRecord(format, { record: entry.record, line }, { readOptions, deriveId });
    }
  } catch (error) {
    if (error instanceof FillFileError) throw error;
    throw new FillFileError(`line ${(error as { lines?: number }).lines ?? "?"}: ${(error as Error).message}`, { cause: error });
  }
}

interface CsvEntry {
  record: Record<string, string>;
  raw: string;
  info: { lines: number; invalid_field_length: number };
}

function readRecord(
  format: FillFormat,
  entry: { record: Record<string, string>; line: number },
  context: { readOptions: ReadOptions; deriveId: ReturnType<typeof createFillIdDeriver> },
): ParsedRow {
  const { line } = entry;
  const reading = format.read(entry.record, context.readOptions);
  if ("skip" in reading) return { line, kind: "skipped", reason: reading.skip };
  if ("reasons" in reading) return { line, kind: "error", reasons: reading.reasons };
  const { draft } = reading;
  const candidate = { ...draft, fillId: draft.fillId ?? deriveIfValid(draft, context.deriveId) };
  const checked = fillInput.safeParse(stripUndefined(candidate));
  if (!checked.success) return { line, kind: "error", reasons: zodReasons(checked.error.issues) };
  return { line, kind: "fill", fill: checked.data };
}

function deriveIfValid(
  draft: { executedAt: string } & Parameters<ReturnType<typeof createFillIdDeriver>>[0],
  derive: ReturnType<typeof createFillIdDeriver>,
) {
  // An unreadable time gets a placeholder id: the row fails on its time, which is the reason to show.
  return Number.isNaN(new Date(draft.executedAt).getTime()) ? "unreadable" : derive(draft);
}

/** fillInput is strict about unknown keys, not about undefined ones; this keeps the input plain. */
function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
