import type { z } from "zod";
import type { RowError } from "./errors.js";

/** The batch fields whose rows are reported one by one. */
const BATCH_FIELDS = new Set(["fills", "marks"]);

/**
 * A batch's zod issues grouped by row: `fills.3.side: Invalid option` becomes row 3 with the
 * reason `side: Invalid option`. Null when no issue is about a row of a batch.
 */
export function rowErrorsFromZod(issues: readonly z.core.$ZodIssue[]): RowError[] | null {
  const rows = new Map<number, string[]>();
  for (const issue of issues) {
    const [field, index, ...rest] = issue.path;
    if (typeof field !== "string" || !BATCH_FIELDS.has(field) || typeof index !== "number") continue;
    const reason = rest.length ? `${rest.map(String).join(".")}: ${issue.message}` : issue.message;
    rows.set(index, [...(rows.get(index) ?? []), reason]);
  }
  if (!rows.size) return null;
  return [...rows].sort(([a], [b]) => a - b).map(([index, reasons]) => ({ index, reasons }));
}
