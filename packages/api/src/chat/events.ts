import { z } from "zod";

const usage = z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() });

/**
 * What a conversation's stream carries. A reply's events run from `reply_started` to `done`;
 * a client that receives `reply_started` again for the same message (after a resync) starts
 * that message's text over, which is what makes replaying a whole reply safe.
 */
export const chatEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("reply_started"),
    messageId: z.number().int(),
    userMessageId: z.number().int().nullable(),
    aiModel: z.string(),
    offline: z.boolean(),
  }),
  z.object({ type: z.literal("delta"), messageId: z.number().int(), text: z.string() }),
  z.object({
    type: z.literal("tool_call"),
    messageId: z.number().int(),
    callId: z.string(),
    name: z.string(),
    arguments: z.string(),
  }),
  z.object({
    type: z.literal("tool_result"),
    messageId: z.number().int(),
    callId: z.string(),
    name: z.string(),
    ok: z.boolean(),
    result: z.string(),
    /** When the tool computed its result: the "as of" time its chart or table is shown with. */
    at: z.iso.datetime(),
  }),
  /**
   * The reply failed (the provider is unavailable, refused, timed out): said as soon as it is
   * known, before the partial text is saved; its `done` (status `failed`) follows.
   */
  z.object({ type: z.literal("error"), messageId: z.number().int(), message: z.string() }),
  /**
   * No first token after `waitedMs`: the provider is slow. The reply keeps waiting until its
   * first-token deadline, then fails with an `error`.
   */
  z.object({ type: z.literal("provider_slow"), messageId: z.number().int(), waitedMs: z.number().int() }),
  z.object({ type: z.literal("title"), sessionId: z.number().int(), title: z.string() }),
  z.object({ type: z.literal("summary"), sessionId: z.number().int(), throughMessageId: z.number().int() }),
  /** The conversation was deleted (its reply, if one was being written, stopped with it): nothing follows. */
  z.object({ type: z.literal("conversation_deleted"), sessionId: z.number().int() }),
  /** Another version (branch) of the conversation is shown now, ending at `leafId`: reload its messages. */
  z.object({ type: z.literal("branch"), sessionId: z.number().int(), leafId: z.number().int() }),
  /**
   * The events after the client's lastEventId are no longer kept (the reply ended long ago, or
   * the bus lost them): the client should reload the conversation's messages.
   */
  z.object({ type: z.literal("resync"), sessionId: z.number().int() }),
  z.object({
    type: z.literal("done"),
    messageId: z.number().int(),
    status: z.enum(["complete", "stopped", "failed", "interrupted"]),
    usage: usage.nullable(),
    /** What the reply cost in USD, priced as it was saved; null when its AI model has no price. */
    costUsd: z.number().nonnegative().nullable().optional(),
    /**
     * Why the reply ended as it did: the failure of a `failed` or `interrupted` one, or the note
     * of a `complete` one the provider cut short (length limit, content filter).
     */
    error: z.string().nullable(),
    /**
     * Length of the saved reply. A client whose assembled text differs missed something the
     * bus could not replay (e.g. Redis lost it) and should reload the message.
     */
    contentLength: z.number().int(),
  }),
]);

export type ChatEvent = z.infer<typeof chatEvent>;
export type ReplyStatus = Extract<ChatEvent, { type: "done" }>["status"];

/** An event with its position in the conversation's stream (what `lastEventId` refers to). */
export interface StreamedEvent {
  id: string;
  event: ChatEvent;
}
