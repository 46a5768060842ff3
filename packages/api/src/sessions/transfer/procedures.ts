import { z } from "zod";
import { userTurns } from "../../keyed-turns.js";
import { authedProcedure } from "../../trpc.js";
import { MAX_BULK } from "../keep/schemas.js";
import { contextInput, idSchema } from "../schemas.js";
import { exportPage } from "./export-page.js";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportRecord } from "./format.js";
import { importBatch } from "./import-batch.js";
import { importBatchOutput } from "./import-report.js";
import { announceToActor } from "../../sync/announce.js";

export const exportPageInput = z.strictObject({
  /** One context's conversations; all of the user's when absent. */
  context: contextInput.optional(),
  /** Only these conversations (a selection in the list); others' ids match nothing (row-level security). */
  sessionIds: z
    .array(idSchema)
    .min(1, "Select at least one conversation")
    .max(MAX_BULK, `At most ${MAX_BULK} conversations at once`)
    .optional(),
  cursor: z.string().max(40).nullish(),
  limit: z.number().int().min(1).max(1_000).default(500),
});

export const exportPageOutput = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  // Built from stored rows by `exportPage` itself; re-validating every record on the way out would only cost time.
  records: z.array(z.custom<ExportRecord>()),
  nextCursor: z.string().nullable(),
});

export const importBatchInput = z.strictObject({
  /** Conversation parts, each checked on its own (`format.ts`'s `importPart`), so one bad part is reported, not fatal. */
  parts: z.array(z.unknown()).min(1).max(100),
  unknownContext: z.enum(["fail", "general"]).default("fail"),
});

/** Export and import of a user's conversations (part of `sessions`); the format is docs/EXPORT_FORMAT.md. */
export const transferProcedures = {
  exportPage: authedProcedure
    .input(exportPageInput)
    .output(exportPageOutput)
    .query(async ({ ctx, input }) => {
      const page = await ctx.read((reader) => exportPage(reader, ctx.actor, input));
      return { format: EXPORT_FORMAT, version: EXPORT_VERSION, ...page };
    }),

  importBatch: authedProcedure
    .input(importBatchInput)
    .output(importBatchOutput)
    .mutation(async ({ ctx, input }) => {
      const items = await userTurns(ctx.actor.id, () => ctx.db((tx) => importBatch(tx, ctx.actor, input)));
      // New conversations, or ones an earlier, cut-short import made that grew: lists change either way.
      const imported = items.flatMap((item) => (item.status === "imported" && item.sessionId !== null ? [item.sessionId] : []));
      if (imported.length > 0) announceToActor(ctx, { type: "session_created", sessionIds: imported });
      return { items };
    }),
};
