import { readUsageStats } from "@parley/db/operations";
import { z } from "zod";
import { adminProcedure } from "../trpc.js";

const count = z.number().int().nonnegative();
const tokenTotals = { prompt: count, completion: count, total: count, replies: count };

export const usageStatsOutput = z.object({
  modelConversations: z.object({ conversations: count, users: count, models: count }),
  /** Over model conversations with at least one message; null when there are none. */
  messagesPerModelConversation: z.object({
    average: z.number().nullable(),
    max: count.nullable(),
    min: count.nullable(),
    median: z.number().nullable(),
  }),
  mostActiveModels: z.array(
    z.object({ modelId: z.number().int(), name: z.string(), deleted: z.boolean(), conversations: count, messages: count }),
  ),
  tokens: z.object({ ...tokenTotals, byAiModel: z.array(z.object({ aiModel: z.string().nullable(), ...tokenTotals })) }),
});
export type UsageStatsOutput = z.infer<typeof usageStatsOutput>;

/** The spec's usage statistics plus tokens used, across every user (admins read all under RLS). */
export const usageStats = adminProcedure
  .input(z.strictObject({ topModels: z.number().int().min(1).max(100).default(10) }).default({ topModels: 10 }))
  .output(usageStatsOutput)
  .query(({ ctx, input }) => ctx.db((tx) => readUsageStats(tx, input)));
