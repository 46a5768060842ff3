import { z } from "zod";
import { idSchema } from "../sessions/schemas.js";

/** Links live at most a year; without an expiry a link lives until it is revoked. */
export const MAX_SHARE_DAYS = 365;

/** "signed-in": any Parley account, not only the owner's; a reader signed out is asked to sign in. */
export const shareViewers = z.enum(["anyone", "signed-in"], 'Viewers are "anyone" or "signed-in"');
export type ShareViewers = z.infer<typeof shareViewers>;

export const createShareInput = z.strictObject({
  conversationId: idSchema,
  expiresInDays: z
    .number()
    .int()
    .min(1, "A link lives at least a day")
    .max(MAX_SHARE_DAYS, `A link lives at most ${MAX_SHARE_DAYS} days`)
    .optional(),
  /** Also show the model's configuration (a run's own version, a model's latest); off unless asked. */
  includeModelSettings: z.boolean().optional(),
  /** Who may open the link: anyone holding it (the default), or only someone signed in to Parley. */
  viewers: shareViewers.optional(),
});
export type CreateShareInput = z.infer<typeof createShareInput>;

export const listSharesInput = z.strictObject({ conversationId: idSchema.optional() }).optional();

export const revokeShareInput = z.strictObject({ shareId: z.uuid("Not a share id") });

/** Any string is a token to look up (a wrong one is simply not found), but not a huge one. */
export const viewShareInput = z.strictObject({ token: z.string().min(1, "No link token").max(200, "Not a link token") });

export const shareOutput = z.object({
  id: z.uuid(),
  conversationId: z.number().int(),
  /** The token's first characters, to tell links apart; the whole token is only in create's answer. */
  tokenPrefix: z.string(),
  /** What is shared: the shown branch up to this message, as it was at `createdAt`. */
  throughMessageId: z.number().int().nullable(),
  messageCount: z.number().int(),
  /** Whether the link shows the model's configuration too. */
  includesModelSettings: z.boolean(),
  viewers: shareViewers,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ShareOutput = z.infer<typeof shareOutput>;

export const createShareOutput = z.object({ share: shareOutput, token: z.string() });

/** What a visitor sees: the frozen text and tool results, nothing else of the owner (no ids; configuration only if ticked). */
export const sharedMessageOutput = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  status: z.enum(["complete", "stopped", "failed", "interrupted"]),
  /** Each tool's result as the reply drew it, without row ids, and without the configuration unless ticked. */
  toolsUsed: z.array(z.object({ name: z.string(), ok: z.boolean(), at: z.string().nullable(), result: z.unknown() })),
  createdAt: z.iso.datetime(),
});

export const sharedConversationOutput = z.object({
  title: z.string(),
  sharedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  messages: z.array(sharedMessageOutput),
  /** The model's configuration as it was at share time, when the owner chose to show it; else null. */
  modelSettings: z
    .object({
      version: z.number().int(),
      fields: z.array(z.object({ label: z.string(), value: z.string() })),
    })
    .nullable(),
});
export type SharedConversation = z.infer<typeof sharedConversationOutput>;
