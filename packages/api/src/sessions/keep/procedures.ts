import { z } from "zod";
import { authedProcedure } from "../../trpc.js";
import { idSchema } from "../schemas.js";
import { searchConversations } from "../search/search.js";
import { searchInput, searchOutput } from "../search/schemas.js";
import { bulkAction } from "./bulk-action.js";
import { bulkInput, bulkOutput, undoInput, undoOutput, type BulkAction } from "./schemas.js";
import { undoAction } from "./undo-action.js";
import { announceToActor } from "../../sync/announce.js";
import type { AccountEvent } from "../../sync/account-events.js";

/** What other tabs and devices are told of a bulk action over these conversations. */
function bulkEvent(kind: BulkAction["kind"], sessionIds: number[]): AccountEvent {
  if (kind === "delete") return { type: "session_deleted", sessionIds };
  const change = kind === "pin" || kind === "unpin" ? "pin" : kind === "archive" || kind === "unarchive" ? "archive" : "tags";
  return { type: "session_updated", sessionIds, change };
}

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
      announceToActor(ctx, bulkEvent("delete", [input.sessionId]));
      return { id: input.sessionId, deleted: true as const, undoId: done.undoId, undoUntil: done.undoUntil };
    }),

  /** One action over many conversations, in one transaction; all of them or none. */
  bulk: authedProcedure
    .input(bulkInput)
    .output(bulkOutput)
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.db((tx) => bulkAction(tx, ctx.actor, input));
      if (input.action.kind === "delete") await Promise.all(input.sessionIds.map((id) => ctx.services.chat.conversationDeleted(id)));
      announceToActor(ctx, bulkEvent(input.action.kind, [...new Set(input.sessionIds)]));
      return done;
    }),

  undo: authedProcedure
    .input(undoInput)
    .output(undoOutput)
    .mutation(async ({ ctx, input }) => {
      const undone = await ctx.db((tx) => undoAction(tx, ctx.actor, input.undoId));
      if (undone.restored.length > 0) announceToActor(ctx, { type: "session_restored", sessionIds: undone.restored });
      return undone;
    }),
};
