import { fillInput } from "@parley/api/run-schemas";
import type { ParsedRow } from "./parse-fill-file.js";
import { zodReasons } from "./zod-reasons.js";

/** A JSON fill's fields are exactly runs.appendFills' (no mapping: the producer wrote them for us). */
export const jsonFillFields = Object.keys(fillInput.shape);

const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`);

/** One JSON value of the file as a fill, or every reason it is not one (unknown fields and wrong types together). */
export function readJsonFill(value: unknown, line: number): ParsedRow {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, kind: "error", reasons: [`a fill is a JSON object, not ${kindOf(value)}`] };
  }
  const fields = Object.keys(value);
  const unknown = fields.filter((field) => !jsonFillFields.includes(field));
  const known = Object.fromEntries(Object.entries(value).filter(([field]) => jsonFillFields.includes(field)));
  const checked = fillInput.safeParse(known);
  const reasons = [
    ...(unknown.length
      ? [`unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((field) => `"${field.slice(0, 40)}"`).join(", ")}`]
      : []),
    ...(checked.success ? [] : zodReasons(checked.error.issues)),
  ];
  if (reasons.length || !checked.success) return { line, kind: "error", reasons };
  return { line, kind: "fill", fill: checked.data };
}
