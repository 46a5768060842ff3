import type { ParsedRow } from "./parse-fill-file.js";

/** What a first pass over a file finds, before anything is sent (imports are all-or-nothing). */
export interface FileScan {
  fills: number;
  errors: Array<Extract<ParsedRow, { kind: "error" }>>;
  skipped: Array<Extract<ParsedRow, { kind: "skipped" }>>;
  /** The earliest and latest fill times: a new run starts at the earliest. */
  earliest: string | null;
  latest: string | null;
}

export async function scanFillFile(rows: AsyncIterable<ParsedRow>): Promise<FileScan> {
  const scan: FileScan = { fills: 0, errors: [], skipped: [], earliest: null, latest: null };
  let earliestMs = Infinity;
  let latestMs = -Infinity;
  for await (const row of rows) {
    if (row.kind === "error") scan.errors.push(row);
    else if (row.kind === "skipped") scan.skipped.push(row);
    else {
      scan.fills++;
      const at = new Date(row.fill.executedAt).getTime();
      if (at < earliestMs) [earliestMs, scan.earliest] = [at, row.fill.executedAt];
      if (at > latestMs) [latestMs, scan.latest] = [at, row.fill.executedAt];
    }
  }
  return scan;
}
