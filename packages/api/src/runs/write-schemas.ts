import { z } from "zod";
import { orderTypes } from "../models/schemas.js";
import { idSchema } from "../sessions/schemas.js";
import { storableText } from "../storable-text.js";

export const runKinds = ["backtest", "paper", "live"] as const;
export const finishedStatuses = ["completed", "stopped", "failed"] as const;
export const fillSides = ["buy", "sell"] as const;
export const assetTypes = ["stock", "option", "future", "crypto", "forex"] as const;

/** Batches as large as a producer sends at once; 10,000 fills are ~2 MB of JSON. */
export const MAX_FILLS_PER_BATCH = 10_000;
export const MAX_MARKS_PER_BATCH = 10_000;

/** Upper-case letters, digits and . : / _ - (BRK.B, BTC/USD, ESZ6, AAPL260116C00150000). */
export const tickerSchema = z.string().regex(/^[A-Z0-9][A-Z0-9.:/_-]{0,31}$/, "not a ticker symbol (A-Z, 0-9, . : / _ -, at most 32)");

/** Stored as DECIMAL(18,6): more decimals would be rounded away silently, so they are refused. */
const sixDecimals = (value: number) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-3;
const decimal = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite(`${what} must be a finite number`)
    .max(1e12, `${what} must be at most 1,000,000,000,000`)
    .refine(sixDecimals, `${what} has more than 6 decimal places`);

/** ISO 8601 with a zone; stored to the millisecond, so finer times are refused rather than cut. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: "not an ISO 8601 time with a zone, e.g. 2026-03-02T14:30:00Z" })
  .refine((text) => !/\.\d{4,}/.test(text), "more precise than a millisecond");

const optionalLabel = (max: number) => storableText().min(1).max(max).optional();

export const fillInput = z.strictObject({
  /** The producer's own id of the fill: sending it again adds nothing. */
  fillId: storableText().min(1, "fillId is required").max(100),
  executedAt: instantSchema,
  symbol: tickerSchema,
  assetType: z.enum(assetTypes).default("stock"),
  side: z.enum(fillSides, { error: 'unknown side: use "buy" or "sell"' }),
  quantity: decimal("quantity").refine((value) => value > 0, "quantity must be above 0"),
  price: decimal("price").refine((value) => value > 0, "price must be above 0"),
  fees: decimal("fees")
    .refine((value) => value >= 0, "fees cannot be negative")
    .default(0),
  orderType: z.enum(orderTypes),
  orderId: optionalLabel(100),
  tag: optionalLabel(100),
});
export type FillInput = z.output<typeof fillInput>;

export const createRunInput = z.strictObject({
  modelId: idSchema,
  label: storableText().trim().max(200).default(""),
  kind: z.enum(runKinds),
  startingCapital: decimal("startingCapital").refine((value) => value > 0, "startingCapital must be above 0"),
  /** When the run starts (a backtest: the start of its period); fills before it are refused. Default: now. */
  period: z.strictObject({ start: instantSchema.optional(), end: instantSchema.optional() }).default({}),
  /** The producer's own settings of the run, free-form JSON (at most 64 KB). */
  parameters: z
    .record(z.string(), z.json())
    .default({})
    .refine((value) => JSON.stringify(value).length <= 65_536, "parameters must be at most 64 KB of JSON"),
});

export const runRef = z.strictObject({ runId: idSchema });

export const appendFillsInput = runRef.extend({
  fills: z
    .array(fillInput)
    .min(1, "Send at least one fill")
    .max(MAX_FILLS_PER_BATCH, `At most ${MAX_FILLS_PER_BATCH.toLocaleString("en-US")} fills per batch`),
});

export const markInput = z.strictObject({
  symbol: tickerSchema,
  at: instantSchema,
  price: decimal("price").refine((value) => value > 0, "price must be above 0"),
});
export type MarkInput = z.output<typeof markInput>;

export const recordMarksInput = runRef.extend({
  marks: z.array(markInput).min(1, "Send at least one mark").max(MAX_MARKS_PER_BATCH),
});

export const finishRunInput = runRef.extend({
  status: z.enum(finishedStatuses),
  /** Default: now. Not before the run's start nor in the future. */
  endedAt: instantSchema.optional(),
});

export const appendFillsOutput = z.object({
  runId: z.number().int(),
  received: z.number().int(),
  inserted: z.number().int(),
  /** Fills stored by an earlier call with the same fillId (a retried batch): nothing added twice. */
  duplicates: z.number().int(),
  /** Earlier fills whose realized P&L changed because these arrived out of order. */
  recomputed: z.number().int(),
});

export const recordMarksOutput = z.object({ runId: z.number().int(), inserted: z.number().int(), updated: z.number().int() });
