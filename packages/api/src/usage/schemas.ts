import { z } from "zod";

const count = z.number().int().nonnegative();
const tokens = z.number().nonnegative();

export const usageFigures = z.object({
  promptTokens: tokens,
  completionTokens: tokens,
  totalTokens: tokens,
  /** USD, as priced when each reply or job was written; null when nothing counted had a price. */
  costUsd: z.number().nonnegative().nullable(),
  count,
  /** Counted rows without a price (an AI model the price table does not name). */
  unpriced: count,
});

/** Replies and background work (titles, summaries) apart, and together. */
export const usageBreakdown = z.object({
  total: usageFigures,
  replies: usageFigures,
  titles: usageFigures,
  summaries: usageFigures,
});

export const usageGroup = usageBreakdown.extend({ key: z.string().nullable(), label: z.string().nullable() });

export const conversationUsageInput = z.strictObject({ sessionId: z.number().int().positive() });
export const conversationUsageOutput = usageBreakdown.extend({ sessionId: z.number().int() });

export const myUsageInput = z.strictObject({ top: z.number().int().min(1).max(100).default(10) }).default({ top: 10 });
export const myUsageOutput = usageBreakdown.extend({
  byAiModel: z.array(usageGroup),
  byModel: z.array(usageGroup),
  byRun: z.array(usageGroup),
  byConversation: z.array(usageGroup),
});

export type UsageBreakdownOutput = z.infer<typeof usageBreakdown>;
export type MyUsageOutput = z.infer<typeof myUsageOutput>;
