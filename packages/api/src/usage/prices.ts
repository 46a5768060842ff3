import { z } from "zod";

/** USD per 1,000,000 tokens, as the providers quote them. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI's list prices for standard (not batch, not cached-input) usage, as published on
 * 2026-12-01. They change: an operator overrides or extends them with PARLEY_PRICES, and each
 * reply stores the cost it was priced at, so a later change never rewrites the past.
 */
export const defaultPrices: PriceTable = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  o1: { inputPerMillion: 15, outputPerMillion: 60 },
  o3: { inputPerMillion: 2, outputPerMillion: 8 },
  "o3-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  "o4-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  "gpt-4-turbo": { inputPerMillion: 10, outputPerMillion: 30 },
  "gpt-3.5-turbo": { inputPerMillion: 0.5, outputPerMillion: 1.5 },
};

const perMillion = z.number().finite().nonnegative().max(100_000);
const modelPrice = z.strictObject({ inputPerMillion: perMillion, outputPerMillion: perMillion });

/** PARLEY_PRICES: a JSON object of AI model name → prices, merged over the defaults. */
export const priceOverridesSchema = z.record(z.string().min(1).max(100), modelPrice);

/** The table in force: the defaults with the operator's entries added or replacing theirs. */
export function priceTable(overrides: Record<string, ModelPrice> = {}): PriceTable {
  return { ...defaultPrices, ...overrides };
}

/** Parses PARLEY_PRICES' text, with messages that say what is wrong and where. */
export function parsePriceOverrides(text: string): Record<string, ModelPrice> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('PARLEY_PRICES must be JSON, e.g. {"gpt-4o":{"inputPerMillion":2.5,"outputPerMillion":10}}');
  }
  const parsed = priceOverridesSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`);
  throw new Error(`PARLEY_PRICES is not a valid price table: ${problems.join("; ")}`);
}

// A dated snapshot (`gpt-4o-2024-08-06`) is priced as its family unless the table names it.
const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

export function priceOf(prices: PriceTable, aiModel: string): ModelPrice | null {
  if (Object.hasOwn(prices, aiModel)) return prices[aiModel] ?? null;
  const family = aiModel.replace(DATED_SNAPSHOT, "");
  return family !== aiModel && Object.hasOwn(prices, family) ? (prices[family] ?? null) : null;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/**
 * What the tokens cost in USD, or null when the AI model has no price: an unknown model is
 * shown as "—", never as a guessed figure. Rounded to the column's 8 decimals.
 */
export function costUsd(prices: PriceTable, aiModel: string | null, usage: TokenUsage | null): number | null {
  if (aiModel === null || usage === null) return null;
  const price = priceOf(prices, aiModel);
  if (!price) return null;
  const cost = (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}
