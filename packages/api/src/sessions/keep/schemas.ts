import { z } from "zod";
import { idSchema } from "../schemas.js";
import { tagSchema } from "../search/schemas.js";

/** How long Undo stays possible after a delete or a bulk action; then a delete is for good. */
export { DELETE_UNDO_WINDOW_SECONDS as UNDO_WINDOW_SECONDS } from "@parley/db/operations";
export const MAX_BULK = 500;

const sessionIds = z.array(idSchema).min(1, "Select at least one conversation").max(MAX_BULK, `At most ${MAX_BULK} conversations at once`);

const tags = z.array(tagSchema).min(1, "Name at least one tag").max(20, "At most 20 tags");

export const bulkAction = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("delete") }),
  z.strictObject({ kind: z.literal("archive") }),
  z.strictObject({ kind: z.literal("unarchive") }),
  z.strictObject({ kind: z.literal("pin") }),
  z.strictObject({ kind: z.literal("unpin") }),
  z.strictObject({ kind: z.literal("addTags"), tags }),
  z.strictObject({ kind: z.literal("removeTags"), tags }),
]);
export type BulkAction = z.infer<typeof bulkAction>;

export const bulkInput = z.strictObject({ sessionIds, action: bulkAction });

export const bulkOutput = z.object({
  affected: z.number().int(),
  /** Pass to `sessions.undo` before `undoUntil` to put everything back as it was. */
  undoId: z.uuid(),
  undoUntil: z.iso.datetime(),
});

export const undoInput = z.strictObject({ undoId: z.uuid() });
export const undoOutput = z.object({ restored: z.array(idSchema) });

/** A conversation as it was before an action: what Undo writes back. */
export const previousState = z.object({
  id: z.number().int(),
  isActive: z.boolean(),
  isPinned: z.boolean(),
  archivedAt: z.string().nullable(),
  tags: z.array(z.string()),
  modelId: z.number().int().nullable(),
  runId: z.number().int().nullable(),
  deleted: z.boolean(),
});
export type PreviousState = z.infer<typeof previousState>;
