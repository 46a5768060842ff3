import type { ConversationRecord, MessageRecord } from "../records.js";
import { exportPages } from "../export-lines.js";
import type { ExportContext, TransferApi } from "../transfer-api.js";
import { renderConversationMarkdown, type MarkdownOptions } from "./render-markdown.js";

export interface MarkdownExportOptions extends MarkdownOptions {
  /** One context's conversations; all when absent. */
  context?: ExportContext;
  /** Only these conversations (a selection). */
  sessionIds?: number[];
  pageSize?: number;
  signal?: AbortSignal;
}

/** Between two conversations of one file: a rule, so each reads as its own section. */
export const MARKDOWN_SEPARATOR = "\n---\n\n";

/**
 * The chosen conversations as Markdown, one conversation's text at a time (separator included),
 * fetched page by page: memory holds one page and one conversation, whatever the export's size.
 */
export async function* exportMarkdown(api: TransferApi, options: MarkdownExportOptions = {}): AsyncGenerator<string> {
  let current: { conversation: ConversationRecord; messages: MessageRecord[] } | null = null;
  let written = 0;
  const render = (done: { conversation: ConversationRecord; messages: MessageRecord[] }) =>
    `${written++ ? MARKDOWN_SEPARATOR : ""}${renderConversationMarkdown(done.conversation, done.messages, options)}`;
  for await (const page of exportPages(api, options)) {
    for (const record of page.records) {
      if (record.type === "message") {
        current?.messages.push(record);
        continue;
      }
      if (current) yield render(current);
      current = { conversation: record, messages: [] };
    }
  }
  if (current) yield render(current);
}

/** A file name from a title: letters, digits and dashes, never empty. */
export function markdownFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${slug || "conversation"}.md`;
}
