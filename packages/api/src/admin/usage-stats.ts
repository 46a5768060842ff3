import { readUsageGroups, readUsageStats, readUsageTotals, type Queryable } from "@parley/db/operations";
import { z } from "zod";
import { adminProcedure } from "../trpc.js";
import { usageBreakdown, usageGroup } from "../usage/schemas.js";

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
  /** Tokens and cost of replies, titles and summaries, in all and for the most expensive of each kind. */
  costs: usageBreakdown.extend({
    byAiModel: z.array(usageGroup),
    byUser: z.array(usageGroup),
    byModel: z.array(usageGroup),
    byRun: z.array(usageGroup),
  }),
});
export type UsageStatsOutput = z.infer<typeof usageStatsOutput>;

async function readCosts(db: Queryable, top: number) {
  const totals = await readUsageTotals(db);
  const by = (dimension: "aiModel" | "user" | "model" | "run") =>
    readUsageGroups(db, { dimension, limit: top, grouped: dimension === "model" || dimension === "run" });
  const byAiModel = await by("aiModel");
  const byUser = await by("user");
  const byModel = await by("model");
  const byRun = await by("run");
  return { ...totals, byAiModel, byUser, byModel, byRun };
}

/** The spec's usage statistics plus tokens and cost, across every user (admins read all under RLS). */
export const usageStats = adminProcedure
  .input(z.strictObject({ topModels: z.number().int().min(1).max(100).default(10) }).default({ topModels: 10 }))
  .output(usageStatsOutput)
  .query(({ ctx, input }) => ctx.db(async (tx) => ({ ...(await readUsageStats(tx, input)), costs: await readCosts(tx, input.topModels) })));
