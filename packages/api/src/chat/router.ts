import { tracked, type TrackedEnvelope } from "@trpc/server";
import type { ChatEvent, StreamedEvent } from "./events.js";
import { z } from "zod";
import { getSession } from "../sessions/manage.js";
import { idSchema, messageOutput, sessionOutput } from "../sessions/schemas.js";
import { authedProcedure, router } from "../trpc.js";
import { userTurns } from "../keyed-turns.js";
import { countNewConversation } from "../creation-limits.js";
import { branchProcedures } from "./branches/branch-procedures.js";
import { prepareRetry, sendMessage } from "./send-message.js";
import { sendInput } from "./send-input.js";
import { assertAccepting, checkMessageRate } from "./send-policy.js";
import { announceToActor } from "../sync/announce.js";

const toTracked = (result: IteratorResult<StreamedEvent, unknown>): IteratorResult<TrackedEnvelope<ChatEvent>, undefined> =>
  result.done ? { done: true, value: undefined } : { done: false, value: tracked(result.value.id, result.value.event) };

/**
 * A conversation's events as tRPC tracked envelopes. An iterator object rather than an async
 * generator: a viewer holds it for as long as it watches, mostly idle, and a suspended generator
 * keeps its whole frame (the request's context with it); this holds only the bus's iterator,
 * whose `return` (or the signal) releases the subscription.
 */
class TrackedEvents implements AsyncIterableIterator<TrackedEnvelope<ChatEvent>, undefined> {
  private readonly events: AsyncIterator<StreamedEvent, unknown>;

  constructor(source: AsyncIterable<StreamedEvent>) {
    this.events = source[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next() {
    return this.events.next().then(toTracked);
  }

  async return(): Promise<IteratorResult<TrackedEnvelope<ChatEvent>, undefined>> {
    await this.events.return?.();
    return { done: true, value: undefined };
  }
}

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
      assertAccepting(engine);
      await checkMessageRate(engine.coordination, ctx.actor, engine.limits);
      if ("context" in input.target) await countNewConversation(ctx);
      const { startReply, ...sent } = await userTurns(ctx.actor.id, () => ctx.db((tx) => sendMessage(tx, ctx.actor, input, engine)));
      if (startReply && sent.reply) {
        engine.startReply({
          sessionId: sent.session.id,
          messageId: sent.reply.messageId,
          userMessageId: sent.message.id,
          userId: ctx.actor.id,
        });
      }
      if (sent.createdSession) announceToActor(ctx, { type: "session_created", sessionIds: [sent.session.id] });
      if (sent.session.titleSource === "provisional" && !sent.duplicate) engine.scheduleTitle(sent.session.id);
      return sent;
    }),

  /**
   * A conversation's events, resumable: with `lastEventId` exactly what was missed; without,
   * the current (or just finished) reply from its start.
   */
  stream: authedProcedure
    .input(z.strictObject({ sessionId: idSchema, lastEventId: z.string().max(100).nullish() }))
    .subscription(async ({ ctx, input, signal }) => {
      await ctx.read((reader) => getSession(reader, ctx.actor, input.sessionId));
      const lifetime = signal ?? new AbortController().signal;
      return new TrackedEvents(ctx.services.chat.bus.subscribe(input.sessionId, input.lastEventId ?? null, lifetime));
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
      // A retry starts a reply as a send does, under the same rules.
      const engine = ctx.services.chat;
      assertAccepting(engine);
      await checkMessageRate(engine.coordination, ctx.actor, engine.limits);
      const prepared = await userTurns(ctx.actor.id, () => ctx.db((tx) => prepareRetry(tx, ctx.actor, input.messageId, engine)));
      engine.startReply({
        sessionId: prepared.sessionId,
        messageId: input.messageId,
        userMessageId: prepared.userMessageId,
        userId: ctx.actor.id,
      });
      return { reply: { messageId: input.messageId }, message: prepared.message };
    }),

  ...branchProcedures,

  /** Which assistant answers: `offline` when no provider is configured. */
  status: authedProcedure
    .output(z.object({ offline: z.boolean(), provider: z.string(), chatModel: z.string() }))
    .query(({ ctx }) => ctx.services.chat.status()),
});
