import type { FillInput } from "@parley/api/run-schemas";
import type { ParsedRow } from "./parse-fill-file.js";

/** The file's valid fills in batches of `size` (≤ runs.appendFills' 10,000), with the last line read. */
export async function* batchFills(rows: AsyncIterable<ParsedRow>, size: number): AsyncGenerator<{ fills: FillInput[]; lastLine: number }> {
  let fills: FillInput[] = [];
  let lastLine = 0;
  for await (const row of rows) {
    lastLine = row.line;
    if (row.kind !== "fill") continue;
    fills.push(row.fill);
    if (fills.length >= size) {
      yield { fills, lastLine };
      fills = [];
    }
  }
  if (fills.length) yield { fills, lastLine };
}
