import { z } from "zod";
import { storableText } from "../storable-text.js";

export const tradingModes = ["paper", "live"] as const;
export const tradingStyles = ["scalping", "day_trading", "swing", "position"] as const;
export const instrumentClasses = ["stocks", "etfs", "options", "futures", "crypto", "forex"] as const;
export const orderTypes = ["market", "limit", "stop", "stop_limit", "trailing_stop"] as const;

const customText = storableText().max(4_000, "At most 4,000 characters").nullable();

/**
 * A trading model's configuration: everything the assistant is told about the model. No
 * defaults here, so that `.partial()` for updates leaves unmentioned fields alone.
 */
export const modelConfigInput = z.strictObject({
  name: storableText().trim().min(1, "A name is required").max(100),
  defaultAiModel: storableText().trim().min(1, "Choose an AI model").max(100),
  tradingMode: z.enum(tradingModes),
  tradingStyle: z.enum(tradingStyles),
  instrument: z.enum(instrumentClasses),
  symbols: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9.:/_-]{1,32}$/, "Not a ticker symbol"),
    )
    .max(50)
    .optional(),
  marginAccount: z.boolean(),
  buyingPower: z.number().finite().min(0, "Buying power cannot be negative").max(1e12),
  allowShorting: z.boolean(),
  allowOptionsStrategies: z.boolean(),
  allowHedging: z.boolean(),
  allowedOrderTypes: z
    .array(z.enum(orderTypes))
    .min(1, "Allow at least one order type")
    .refine((types) => new Set(types).size === types.length, "Order types must not repeat"),
  customRules: customText.optional(),
  customInstructions: customText.optional(),
});
export type ModelConfigInput = z.infer<typeof modelConfigInput>;

export const modelOutput = z.object({
  id: z.number().int(),
  name: z.string(),
  defaultAiModel: z.string(),
  tradingMode: z.enum(tradingModes),
  tradingStyle: z.enum(tradingStyles),
  instrument: z.enum(instrumentClasses),
  symbols: z.array(z.string()),
  marginAccount: z.boolean(),
  buyingPower: z.number(),
  allowShorting: z.boolean(),
  allowOptionsStrategies: z.boolean(),
  allowHedging: z.boolean(),
  allowedOrderTypes: z.array(z.enum(orderTypes)),
  customRules: z.string().nullable(),
  customInstructions: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export type ModelOutput = z.infer<typeof modelOutput>;
