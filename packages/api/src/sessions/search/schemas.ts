import { z } from "zod";
import { storableText } from "../../storable-text.js";
import { idSchema, listFilterInput } from "../schemas.js";

export const MAX_QUERY_LENGTH = 500;
export const MAX_TAG_LENGTH = 40;

export const tagSchema = storableText()
  .trim()
  .min(1, "A tag cannot be empty")
  .max(MAX_TAG_LENGTH, `A tag can be at most ${MAX_TAG_LENGTH} characters`);

/** Which conversations a search or list takes, by their archive state. */
export const archivedFilter = z.enum(["include", "exclude", "only"]);

export const searchInput = z.strictObject({
  query: storableText()
    .trim()
    .min(1, "Type something to search for")
    .max(MAX_QUERY_LENGTH, `A search can be at most ${MAX_QUERY_LENGTH} characters`),
  scope: listFilterInput.default({ kind: "all" }),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  tags: z.array(tagSchema).max(10).default([]),
  archived: archivedFilter.default("include"),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(1000).default(0),
});
export type SearchInput = z.infer<typeof searchInput>;

/** A stretch of a snippet; `hit` marks the words that matched the query. */
const snippetPart = z.object({ text: z.string(), hit: z.boolean() });

export const searchHitOutput = z.object({
  sessionId: idSchema,
  /** The message that matched; null when the conversation's title did. */
  messageId: idSchema.nullable(),
  role: z.enum(["user", "assistant"]).nullable(),
  title: z.string(),
  modelId: z.number().int().nullable(),
  runId: z.number().int().nullable(),
  modelName: z.string().nullable(),
  isPinned: z.boolean(),
  archived: z.boolean(),
  tags: z.array(z.string()),
  snippet: z.array(snippetPart),
  at: z.iso.datetime(),
});
export type SearchHit = z.infer<typeof searchHitOutput>;

export const searchOutput = z.object({ hits: z.array(searchHitOutput), hasMore: z.boolean() });
