import { z } from "zod";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;

function parse(text: string): Date | null {
  if (DATE_ONLY.test(text)) return valid(new Date(`${text}T00:00:00Z`));
  if (!DATE_TIME.test(text)) return null;
  return valid(new Date(/(Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`));
}

function valid(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A point in time as a model writes one: a date (a whole UTC day) or a date-time (UTC without offset). */
export function timeArgument(description: string) {
  return z
    .string()
    .refine((text) => parse(text) !== null, "expected an ISO 8601 date (2024-01-31) or date-time (2024-01-31T15:00:00Z)")
    .describe(`${description} ISO 8601 date or date-time, UTC unless an offset is given.`);
}

/** The moment a time argument starts: a date means its first millisecond (UTC midnight). */
export function startOf(text: string): Date {
  return parse(text) ?? new Date(Number.NaN);
}

/** The last moment a time argument covers: a date means the whole day, through 23:59:59.999. */
export function endOf(text: string): Date {
  const start = startOf(text);
  return DATE_ONLY.test(text) ? new Date(start.getTime() + DAY_MS - 1) : start;
}
