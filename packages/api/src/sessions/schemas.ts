import { z } from "zod";
import { storableText } from "../storable-text.js";

export const idSchema = z.number().int().positive().max(2_147_483_647);

/** A conversation's context: the three levels of the product. */
export const contextInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("general") }),
  z.strictObject({ kind: z.literal("model"), modelId: idSchema }),
  z.strictObject({ kind: z.literal("run"), modelId: idSchema, runId: idSchema }),
]);
export type ConversationContext = z.infer<typeof contextInput>;

export const listFilterInput = z.union([contextInput, z.strictObject({ kind: z.literal("all") })]);

export const MAX_MESSAGE_LENGTH = 32_000;
export const messageContent = storableText()
  .max(MAX_MESSAGE_LENGTH, `A message can be at most ${MAX_MESSAGE_LENGTH} characters`)
  .refine((text) => text.trim().length > 0, "A message cannot be empty");

export const clientKey = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, '-' or '_'");

export const sessionOutput = z.object({
  id: z.number().int(),
  title: z.string(),
  titleSource: z.enum(["default", "provisional", "generated", "user"]),
  isActive: z.boolean(),
  modelId: z.number().int().nullable(),
  runId: z.number().int().nullable(),
  modelName: z.string().nullable(),
  /** The model was deleted: the conversation stays readable, but takes no new messages. */
  modelDeleted: z.boolean(),
  messageCount: z.number().int(),
  hasSummary: z.boolean(),
  createdAt: z.iso.datetime(),
  lastMessageAt: z.iso.datetime().nullable(),
  activityAt: z.iso.datetime(),
  /** Pinned conversations come first in their context's list. */
  isPinned: z.boolean(),
  /** Archived: out of the list, still searchable; null when listed. */
  archivedAt: z.iso.datetime().nullable(),
  tags: z.array(z.string()),
});
export type SessionOutput = z.infer<typeof sessionOutput>;

export const messageOutput = z.object({
  id: z.number().int(),
  sessionId: z.number().int(),
  /** The message this one follows in the tree; null for a first message. */
  parentId: z.number().int().nullable(),
  /** Its versions (siblings and itself, oldest first): a regenerated reply's, an edited question's. */
  versionIds: z.array(z.number().int()),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  status: z.enum(["streaming", "complete", "stopped", "failed", "interrupted"]),
  /** The tools a reply used; newer replies keep each result and its time (the charts and tables are drawn from them). */
  toolsUsed: z.array(
    z
      .object({
        name: z.string(),
        ok: z.boolean().optional(),
        callId: z.string().optional(),
        result: z.unknown().optional(),
        at: z.string().optional(),
      })
      .loose(),
  ),
  aiModel: z.string().nullable(),
  /** The model's configuration version the reply was written with (model and run conversations). */
  modelVersion: z.number().int().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  /** What the reply cost in USD, priced when it was written; null when its AI model has no price. */
  costUsd: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type MessageOutput = z.infer<typeof messageOutput>;
