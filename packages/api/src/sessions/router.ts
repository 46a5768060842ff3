import { z } from "zod";
import { storableText } from "../storable-text.js";
import { userTurns } from "../keyed-turns.js";
import { authedProcedure, router } from "../trpc.js";
import { countNewConversation } from "../creation-limits.js";
import { findActiveSession, getOrCreateActiveSession, resumeSession, startNewSession } from "./active-session.js";
import { listSessions } from "./list-sessions.js";
import { keepProcedures } from "./keep/procedures.js";
import { transferProcedures } from "./transfer/procedures.js";
import { getSession, renameSession } from "./manage.js";
import { listMessages } from "./messages.js";
import { contextInput, idSchema, listFilterInput, messageOutput, sessionOutput } from "./schemas.js";
import { tagSchema } from "./search/schemas.js";
import { announceToActor } from "../sync/announce.js";

const sessionIdInput = z.strictObject({ sessionId: idSchema });

export const sessionListOutput = z.object({ items: z.array(sessionOutput), nextCursor: z.string().nullable() });
export const messagePageOutput = z.object({
  session: sessionOutput,
  summary: z.object({ text: z.string(), throughMessageId: z.number().int().nullable() }).nullable(),
  messages: z.array(messageOutput),
  hasOlder: z.boolean(),
});

export const messagePageInput = z.strictObject({
  sessionId: idSchema,
  limit: z.number().int().min(1).max(200).default(30),
  /** Scroll-back: the messages of the shown branch before this one. */
  before: idSchema.optional(),
  /** The page that ends with this message (on whatever branch it is; `before` wins). */
  through: idSchema.optional(),
});

/**
 * Conversations: the spec's Chat Service V2 (get-or-create, list, start new, resume, delete),
 * finding and keeping them (keep/: search, pin, archive, tags, bulk actions, undo), and export and
 * import (transfer/). Every change is announced to the user's other tabs and devices once it is
 * committed (`sync.events`).
 */
export const sessionsRouter = router({
  list: authedProcedure
    .input(
      z.strictObject({
        filter: listFilterInput.default({ kind: "all" }),
        cursor: z.string().max(200).nullish(),
        limit: z.number().int().min(1).max(100).default(50),
        /** The archived conversations instead of the list, which leaves them out. */
        archived: z.boolean().default(false),
        /** Only conversations carrying every one of these tags. */
        tags: z.array(tagSchema).max(10).default([]),
        // Sent by tRPC's useInfiniteQuery; this list only pages forward.
        direction: z.enum(["forward", "backward"]).optional(),
      }),
    )
    .output(sessionListOutput)
    .query(({ ctx, input }) => ctx.read((reader) => listSessions(reader, ctx.actor, input))),

  active: authedProcedure
    .input(z.strictObject({ context: contextInput }))
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      const { session, created } = await userTurns(ctx.actor.id, () =>
        ctx.db((tx) => getOrCreateActiveSession(tx, ctx.actor, input.context)),
      );
      if (created) announceToActor(ctx, { type: "session_created", sessionIds: [session.id] });
      return session;
    }),

  /** The context's active conversation, or null; unlike `active`, never creates one. */
  findActive: authedProcedure
    .input(z.strictObject({ context: contextInput }))
    .output(sessionOutput.nullable())
    .query(({ ctx, input }) => ctx.read((reader) => findActiveSession(reader, ctx.actor, input.context))),

  startNew: authedProcedure
    .input(z.strictObject({ context: contextInput }))
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      await countNewConversation(ctx);
      const session = await userTurns(ctx.actor.id, () => ctx.db((tx) => startNewSession(tx, ctx.actor, input.context)));
      announceToActor(ctx, { type: "session_created", sessionIds: [session.id] });
      return session;
    }),

  resume: authedProcedure
    .input(sessionIdInput)
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      const session = await userTurns(ctx.actor.id, () => ctx.db((tx) => resumeSession(tx, ctx.actor, input.sessionId)));
      announceToActor(ctx, { type: "session_activated", sessionId: session.id });
      return session;
    }),

  get: authedProcedure
    .input(sessionIdInput)
    .output(sessionOutput)
    .query(({ ctx, input }) => ctx.read((reader) => getSession(reader, ctx.actor, input.sessionId))),

  messages: authedProcedure
    .input(messagePageInput)
    .output(messagePageOutput)
    .query(({ ctx, input }) => ctx.read((reader) => listMessages(reader, ctx.actor.id, input))),

  rename: authedProcedure
    .input(z.strictObject({ sessionId: idSchema, title: storableText().trim().min(1, "A title cannot be empty").max(200) }))
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      const session = await ctx.db((tx) => renameSession(tx, ctx.actor, input));
      announceToActor(ctx, { type: "session_updated", sessionIds: [session.id], change: "rename" });
      return session;
    }),

  ...keepProcedures,
  ...transferProcedures,
});
