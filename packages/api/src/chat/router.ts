import { tracked } from "@trpc/server";
import { z } from "zod";
import { getSession } from "../sessions/manage.js";
import { idSchema, messageOutput, sessionOutput } from "../sessions/schemas.js";
import { authedProcedure, router } from "../trpc.js";
import { prepareRetry, sendMessage } from "./send-message.js";
import { sendInput } from "./send-input.js";
import { checkMessageRate } from "./send-policy.js";
import { AppError } from "../errors.js";

export const sendOutput = z.object({
  session: sessionOutput,
  message: messageOutput,
  /** The assistant message the reply is written into (null for a retried send that had none). */
  reply: z.object({ messageId: z.number().int() }).nullable(),
  createdSession: z.boolean(),
  duplicate: z.boolean(),
});

export const chatRouter = router({
  /**
   * Stores the user's message (creating the conversation on the first send of a context) and
   * starts the reply on the server; returns at once. Watch it with `chat.stream`.
   */
  send: authedProcedure
    .input(sendInput)
    .output(sendOutput)
    .mutation(async ({ ctx, input }) => {
      const engine = ctx.services.chat;
      if (!engine.accepting()) {
        throw new AppError("SERVER_RESTARTING", "This server is restarting: send again in a moment", { retryAfterMs: 1_000 });
      }
      await checkMessageRate(engine.coordination, ctx.actor, engine.limits);
      const { startReply, ...sent } = await ctx.db((tx) => sendMessage(tx, ctx.actor, input, engine.limits));
      if (startReply && sent.reply) {
        engine.startReply({ sessionId: sent.session.id, messageId: sent.reply.messageId, userMessageId: sent.message.id });
      }
      if (sent.session.titleSource === "provisional" && !sent.duplicate) engine.scheduleTitle(sent.session.id);
      return sent;
    }),

  /**
   * A conversation's events, resumable: with `lastEventId` exactly what was missed; without,
   * the current (or just finished) reply from its start.
   */
  stream: authedProcedure
    .input(z.strictObject({ sessionId: idSchema, lastEventId: z.string().max(100).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      await ctx.read((reader) => getSession(reader, ctx.actor, input.sessionId));
      const lifetime = signal ?? new AbortController().signal;
      for await (const { id, event } of ctx.services.chat.bus.subscribe(input.sessionId, input.lastEventId ?? null, lifetime)) {
        yield tracked(id, event);
      }
    }),

  /** Stops the conversation's reply; the partial text is saved with status `stopped`. */
  stop: authedProcedure
    .input(z.strictObject({ sessionId: idSchema }))
    .output(z.object({ stopped: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.read((reader) => getSession(reader, ctx.actor, input.sessionId));
      return { stopped: await ctx.services.chat.stop(input.sessionId) };
    }),

  /** Writes a failed, stopped or interrupted last reply again. */
  retry: authedProcedure
    .input(z.strictObject({ messageId: idSchema }))
    .output(z.object({ reply: z.object({ messageId: z.number().int() }), message: messageOutput }))
    .mutation(async ({ ctx, input }) => {
      const prepared = await ctx.db((tx) => prepareRetry(tx, ctx.actor, input.messageId));
      ctx.services.chat.startReply({
        sessionId: prepared.sessionId,
        messageId: input.messageId,
        userMessageId: prepared.userMessageId,
      });
      return { reply: { messageId: input.messageId }, message: prepared.message };
    }),

  /** Which assistant answers: `offline` when no provider is configured. */
  status: authedProcedure
    .output(z.object({ offline: z.boolean(), provider: z.string(), chatModel: z.string() }))
    .query(({ ctx }) => ctx.services.chat.status()),
});
