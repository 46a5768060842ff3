import { z } from "zod";
import { idSchema, messageContent, messageOutput } from "../../sessions/schemas.js";
import { authedProcedure } from "../../trpc.js";
import { assertAccepting, checkMessageRate } from "../send-policy.js";
import { editQuestion, regenerateReply, switchBranch } from "./branch-actions.js";

const startedOutput = z.object({
  sessionId: z.number().int(),
  /** The new version: the reply (regenerate) or the question (edit). */
  message: messageOutput,
  reply: z.object({ messageId: z.number().int() }),
});

/** The chat router's branch procedures: each starts a reply under the send's rules, or shows a version. */
export const branchProcedures = {
  /** A new version of a reply, written afresh beside the old one (which is kept). Watch it with `chat.stream`. */
  regenerate: authedProcedure
    .input(z.strictObject({ messageId: idSchema }))
    .output(startedOutput)
    .mutation(async ({ ctx, input }) => {
      const engine = ctx.services.chat;
      assertAccepting(engine);
      await checkMessageRate(engine.coordination, ctx.actor, engine.limits);
      const started = await ctx.db((tx) => regenerateReply(tx, ctx.actor, input.messageId, engine));
      engine.startReply({
        sessionId: started.sessionId,
        messageId: started.reply.messageId,
        userMessageId: started.userMessageId,
        userId: ctx.actor.id,
      });
      return { sessionId: started.sessionId, message: started.message, reply: started.reply };
    }),

  /** A new version of one of your messages: a new branch from there, answered afresh. */
  edit: authedProcedure
    .input(z.strictObject({ messageId: idSchema, content: messageContent }))
    .output(startedOutput)
    .mutation(async ({ ctx, input }) => {
      const engine = ctx.services.chat;
      assertAccepting(engine);
      await checkMessageRate(engine.coordination, ctx.actor, engine.limits);
      const started = await ctx.db((tx) => editQuestion(tx, ctx.actor, input, engine));
      engine.startReply({
        sessionId: started.sessionId,
        messageId: started.reply.messageId,
        userMessageId: started.userMessageId,
        userId: ctx.actor.id,
      });
      return { sessionId: started.sessionId, message: started.message, reply: started.reply };
    }),

  /** Shows version `messageId` (and the branch through it written last), on every device. */
  switchBranch: authedProcedure
    .input(z.strictObject({ messageId: idSchema }))
    .output(z.object({ sessionId: z.number().int(), leafId: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const shown = await ctx.db((tx) => switchBranch(tx, ctx.actor, input.messageId));
      await ctx.services.chat.bus.publish(shown.sessionId, { type: "branch", ...shown });
      return shown;
    }),
};
