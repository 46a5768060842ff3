import { ImportFileError, type ImportReport } from "../import-report.js";
import { Importer, type ImportOptions } from "../importer.js";
import type { TransferApi } from "../transfer-api.js";
import { convertChatGptConversation } from "./chatgpt-conversation.js";
import { ArrayReadError, streamArrayElements } from "./stream-array.js";

/**
 * The import key of a ChatGPT conversation: `import:` + 40 hex digits of SHA-256 over its id in
 * ChatGPT, so the same conversation, from this file or a newer export, is found again (Web
 * Crypto: the same in browsers and Node).
 */
export async function chatGptKey(conversationId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`chatgpt:${conversationId}`));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `import:${hex.slice(0, 40)}`;
}

function conversationIdOf(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const source = raw as Record<string, unknown>;
  const id = source.conversation_id ?? source.id;
  return typeof id === "string" && id.trim() ? id : null;
}

/**
 * Imports ChatGPT's `conversations.json` (a JSON array, read element by element) into general
 * conversations, through the same batches as a Parley export. Each conversation is reported:
 * what was imported, and every node left out, counted by why. `line` in the report is the
 * conversation's 1-based place in the file.
 */
export async function importChatGpt(api: TransferApi, chunks: AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportReport> {
  const importer = new Importer(api, { ...options, unknownContext: "general" }, true);
  let position = 0;
  try {
    for await (const raw of streamArrayElements(chunks)) {
      position += 1;
      const id = conversationIdOf(raw);
      const key = id === null ? null : await chatGptKey(id);
      const converted = convertChatGptConversation(raw, position, key ?? "");
      if (key === null || "error" in converted) {
        const reasons = "error" in converted ? converted.error : [];
        if (key === null) reasons.push("no conversation_id: it could not be found again on a second import");
        importer.reportConversation({ line: position, title: converted.title, status: "failed", reasons });
        continue;
      }
      if (!converted.messages.length) {
        const reasons = ["no user or assistant message to import", ...converted.notes];
        importer.reportConversation({ line: position, title: converted.title, status: "skipped", reasons });
        continue;
      }
      await importer.takeConversation(position, converted);
    }
  } catch (error) {
    if (!(error instanceof ArrayReadError)) throw error;
    if (error.elementsRead === 0) throw new ImportFileError([{ line: 1, message: `not a ChatGPT export: ${error.message}` }]);
    // What came before the bad part is imported and reported; the rest of the file is named as a problem.
    importer.problem(position + 1, error.message);
  }
  return importer.finish("chatgpt");
}
