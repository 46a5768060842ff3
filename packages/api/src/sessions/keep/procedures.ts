import { z } from "zod";
import { authedProcedure } from "../../trpc.js";
import { idSchema } from "../schemas.js";
import { searchConversations } from "../search/search.js";
import { searchInput, searchOutput } from "../search/schemas.js";
import { bulkAction } from "./bulk-action.js";
import { bulkInput, bulkOutput, undoInput, undoOutput } from "./schemas.js";
import { undoAction } from "./undo-action.js";

/** Find and keep: search, delete with undo, pin, archive, tags, bulk actions (part of `sessions`). */
export const keepProcedures = {
  /** Full-text search over the user's own titles and messages (admins: `admin.searchSessions`). */
  search: authedProcedure
    .input(searchInput)
    .output(searchOutput)
    .query(({ ctx, input }) => ctx.read((reader) => searchConversations(reader, { userId: ctx.actor.id }, input, "own"))),

  /** Hides the conversation at once and removes it for good when the undo window ends. */
  delete: authedProcedure
    .input(z.strictObject({ sessionId: idSchema }))
    .output(bulkOutput.omit({ affected: true }).extend({ id: z.number().int(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.db((tx) => bulkAction(tx, ctx.actor, { sessionIds: [input.sessionId], action: { kind: "delete" } }));
      // Once the delete is committed: its reply stops (text kept for an undo) and viewers are told.
      await ctx.services.chat.conversationDeleted(input.sessionId);
      return { id: input.sessionId, deleted: true as const, undoId: done.undoId, undoUntil: done.undoUntil };
    }),

  /** One action over many conversations, in one transaction; all of them or none. */
  bulk: authedProcedure
    .input(bulkInput)
    .output(bulkOutput)
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.db((tx) => bulkAction(tx, ctx.actor, input));
      if (input.action.kind === "delete") await Promise.all(input.sessionIds.map((id) => ctx.services.chat.conversationDeleted(id)));
      return done;
    }),

  undo: authedProcedure
    .input(undoInput)
    .output(undoOutput)
    .mutation(({ ctx, input }) => ctx.db((tx) => undoAction(tx, ctx.actor, input.undoId))),
};
