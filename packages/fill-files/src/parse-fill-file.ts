import { fillInput, type FillInput } from "@parley/api/run-schemas";
import { csvRecords, CsvSyntaxError } from "./csv-records.js";
import { createFillIdDeriver } from "./derived-fill-id.js";
import { FillFileError } from "./fill-file-error.js";
import { alpacaFormat } from "./formats/alpaca.js";
import type { FillFormat, ReadOptions } from "./formats/format.js";
import { genericFormat } from "./formats/generic.js";
import { ibkrFormat } from "./formats/ibkr.js";
import { readJsonFill } from "./json-fill.js";
import { jsonEntries } from "./json-values.js";
import { normalizeHeader } from "./row-values.js";
import { checkTimeZone } from "./zoned-time.js";
import { zodReasons } from "./zod-reasons.js";

export const fillFormats = { generic: genericFormat, alpaca: alpacaFormat, ibkr: ibkrFormat } as const;
export type CsvFormatName = keyof typeof fillFormats;
/** The CSV formats, and JSON (an array of runs.appendFills fills, or JSON Lines: see json-values.ts). */
export type FillFormatName = CsvFormatName | "json";
export const fillFormatNames = [...(Object.keys(fillFormats) as CsvFormatName[]), "json"] as const satisfies readonly FillFormatName[];

/**
 * Every record of the file, by its line number (CSV: 1 is the header; JSON Lines: the line; a
 * JSON array: the element's 1-based index): none is dropped unsaid.
 */
export type ParsedRow =
  | { line: number; kind: "fill"; fill: FillInput }
  | { line: number; kind: "error"; reasons: string[] }
  | { line: number; kind: "skipped"; reason: string };

export { FillFileError };

/** A file with headers of its own, read as the generic format: generic column → the file's header. */
export type ColumnMapping = Partial<Record<string, string>>;

export interface ParseOptions extends Partial<ReadOptions> {
  format: FillFormatName;
  columns?: ColumnMapping | undefined;
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

/** Bytes (a Node file stream, a browser File's stream) or text, as text chunks. */
async function* textChunks(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source) yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The header as the format reads it: normalized, with the user's column mapping applied. */
function formatHeader(format: FillFormat, cells: readonly string[], columns: ColumnMapping | undefined): string[] {
  const header = cells.map(normalizeHeader);
  for (const [column, fileHeader] of Object.entries(columns ?? {})) {
    if (!fileHeader) continue;
    const at = header.indexOf(normalizeHeader(fileHeader));
    if (at >= 0) header[at] = normalizeHeader(column);
  }
  checkHeader(format, header);
  return header;
}

/**
 * Streams a fill file (a Node stream, a browser File's stream, or any iterable of text/bytes)
 * record by record: memory stays flat however long the file is. BOM, quoted commas and
 * newlines, CRLF are CSV's; a row with the wrong number of cells is an error at its line, and
 * parsing goes on. JSON (format "json") streams too (json-values.ts). Node and the browser run this same code (no Node module is imported).
 */
export async function* parseFillFile(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ParsedRow> {
  if (options.format === "json") {
    for await (const entry of jsonEntries(textChunks(source))) {
      yield "reason" in entry ? { line: entry.line, kind: "error", reasons: [entry.reason] } : readJsonFill(entry.value, entry.line);
    }
    return;
  }
  const format = fillFormats[options.format];
  const readOptions = resolveOptions(options);
  const deriveId = createFillIdDeriver();
  let header: string[] | null = null;
  try {
    for await (const { cells, line } of csvRecords(textChunks(source))) {
      if (!header) {
        header = formatHeader(format, cells, options.columns);
        continue;
      }
      if (cells.length !== header.length) {
        yield { line, kind: "error", reasons: [`the row does not have the header's ${header.length} cells`] };
        continue;
      }
      const record = Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ""]));
      yield readRecord(format, { record, line }, { readOptions, deriveId });
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new FillFileError(error.message, { cause: error });
    throw error;
  }
  if (!header) throw new FillFileError("line 1: the file is empty (no header)");
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
