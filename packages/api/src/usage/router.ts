import { readUsageGroups, readUsageTotals } from "@parley/db/operations";
import { notFound } from "../errors.js";
import { authedProcedure, router } from "../trpc.js";
import { conversationUsageInput, conversationUsageOutput, myUsageInput, myUsageOutput } from "./schemas.js";

// Tokens and cost of the signed-in user's conversations. Every figure is filtered by the owner
// as well as kept to them by row-level security (an admin reads others' only through admin.usageStats).
export const usageRouter = router({
  /** One conversation's replies, title and summaries. NOT_FOUND for another's or a deleted one. */
  conversation: authedProcedure
    .input(conversationUsageInput)
    .output(conversationUsageOutput)
    .query(({ ctx, input }) =>
      ctx.db(async (tx) => {
        const owned = await tx.chatSession.count({ where: { id: input.sessionId, userId: ctx.actor.id, deletedAt: null } });
        if (!owned) throw notFound("Conversation");
        const totals = await readUsageTotals(tx, { userId: ctx.actor.id, sessionId: input.sessionId });
        return { sessionId: input.sessionId, ...totals };
      }),
    ),

  /** The user's totals, and the most expensive AI models, trading models, runs and conversations. */
  mine: authedProcedure
    .input(myUsageInput)
    .output(myUsageOutput)
    .query(({ ctx, input }) =>
      ctx.db(async (tx) => {
        const filter = { userId: ctx.actor.id };
        const by = (dimension: "aiModel" | "model" | "run" | "conversation") =>
          readUsageGroups(tx, { dimension, filter, limit: input.top, grouped: dimension === "model" || dimension === "run" });
        const totals = await readUsageTotals(tx, filter);
        // One statement at a time: a transaction runs them in turn anyway.
        const byAiModel = await by("aiModel");
        const byModel = await by("model");
        const byRun = await by("run");
        const byConversation = await by("conversation");
        return { ...totals, byAiModel, byModel, byRun, byConversation };
      }),
    ),
});
