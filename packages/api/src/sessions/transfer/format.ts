import { z } from "zod";
import { storableText } from "../../storable-text.js";
import { modelSettingsRecord } from "../model-settings.js";
import { contextInput, idSchema } from "../schemas.js";
import { tagSchema } from "../search/schemas.js";

/**
 * The export format: JSON Lines. The first line is the header; then each conversation's line is
 * followed by its messages' lines, parents before children (ids ascending). One record per line
 * keeps a reader's memory bounded by the longest line whatever the file's size. Documented in
 * docs/EXPORT_FORMAT.md; a change that old readers cannot read raises `version`.
 */
export const EXPORT_FORMAT = "parley-conversations";
export const EXPORT_VERSION = 1;

export const exportHeader = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime(),
});
export type ExportHeader = z.infer<typeof exportHeader>;

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0).max(2_147_483_647);

export const conversationRecord = z.strictObject({
  type: z.literal("conversation"),
  /** Its id where it was exported; messages name it, and `key` makes a re-import add nothing. */
  id: idSchema,
  /** `import:` + 40 hex digits naming who exported which conversation: a re-import finds its copy by it. */
  key: z.string().regex(/^import:[0-9a-f]{40}$/, "A conversation key is 'import:' and 40 hex digits"),
  context: contextInput,
  title: storableText().min(1).max(200),
  titleSource: z.enum(["default", "provisional", "generated", "user"]),
  createdAt: timestamp,
  pinned: z.boolean(),
  archivedAt: timestamp.nullable(),
  tags: z.array(tagSchema).max(50),
  summary: z.strictObject({ text: storableText().max(200_000), throughMessageId: idSchema.nullable() }).nullable(),
  /** The last message of the branch shown; null for an empty conversation. */
  currentLeafId: idSchema.nullable(),
  /**
   * The model configuration the conversation is about, at export time (null for a general one).
   * For the reader only: an import never changes a model. Absent in files from before it existed.
   */
  modelSettings: modelSettingsRecord.nullable().optional(),
});
export type ConversationRecord = z.infer<typeof conversationRecord>;

export const messageRecord = z.strictObject({
  type: z.literal("message"),
  conversationId: idSchema,
  id: idSchema,
  /** The message this one follows (siblings are versions: branches); null for a first message. */
  parentId: idSchema.nullable(),
  role: z.enum(["user", "assistant"]),
  content: storableText().max(200_000),
  status: z.enum(["streaming", "complete", "stopped", "failed", "interrupted"]),
  toolsUsed: z.array(z.looseObject({ name: z.string().max(200) })).max(1_000),
  promptTokens: count.nullable(),
  completionTokens: count.nullable(),
  /** What the reply cost in USD when it was written; absent in files from before it was kept. */
  costUsd: z.number().min(0).max(999_999).nullable().optional(),
  aiModel: z.string().max(100).nullable(),
  modelVersion: count.nullable(),
  runFigures: z.record(z.string(), z.unknown()).nullable(),
  error: storableText().max(10_000).nullable(),
  createdAt: timestamp,
  completedAt: timestamp.nullable(),
});
export type MessageRecord = z.infer<typeof messageRecord>;

export type ExportRecord = ConversationRecord | MessageRecord;

/** One conversation's part of an import batch: its record and some of its messages, in order. */
export const importPart = z.strictObject({
  conversation: conversationRecord,
  messages: z.array(messageRecord).max(2_000),
});
export type ImportPart = z.infer<typeof importPart>;
