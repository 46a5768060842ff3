import { ImportFileError, type ImportReport } from "./import-report.js";
import { Importer, type ImportOptions } from "./importer.js";
import { splitLines, type Line } from "./split-lines.js";
import { EXPORT_FORMAT, EXPORT_VERSION, type TransferApi } from "./transfer-api.js";

export type { ImportOptions };

// A line's characters can take 3 bytes each in the request: well under the server's 2 MB body limit.
const MAX_LINE_CHARS = 600_000;

function parseLine(line: Line): { record: Record<string, unknown> } | { error: string } {
  if (line.tooLong) return { error: `longer than ${MAX_LINE_CHARS} characters: not read` };
  try {
    const value: unknown = JSON.parse(line.text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "not a JSON object" };
    return { record: value as Record<string, unknown> };
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function checkHeader(line: Line) {
  const parsed = parseLine(line);
  if ("error" in parsed) throw new ImportFileError([{ line: line.number, message: `not a Parley export: ${parsed.error}` }]);
  const { format, version } = parsed.record;
  if (format !== EXPORT_FORMAT)
    throw new ImportFileError([
      { line: line.number, message: `not a Parley export: the first line must say "format": "${EXPORT_FORMAT}"` },
    ]);
  if (version !== EXPORT_VERSION)
    throw new ImportFileError([
      { line: line.number, message: `export version ${JSON.stringify(version)} is not one this client reads (it reads ${EXPORT_VERSION})` },
    ]);
}

/** Imports a Parley export (JSON Lines) given as text chunks. */
export async function importParleyLines(
  api: TransferApi,
  chunks: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const importer = new Importer(api, options);
  let sawHeader = false;
  for await (const line of splitLines(chunks, MAX_LINE_CHARS)) {
    if (!line.tooLong && line.text.trim() === "") continue;
    if (!sawHeader) {
      checkHeader(line);
      sawHeader = true;
      continue;
    }
    const parsed = parseLine(line);
    if ("error" in parsed) importer.unreadable(line, parsed.error);
    else await importer.take(line, parsed.record);
  }
  if (!sawHeader) throw new ImportFileError([{ line: 1, message: "the file is empty" }]);
  return importer.finish();
}
