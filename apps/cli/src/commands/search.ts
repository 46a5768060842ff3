import { contextOf, UsageError } from "../args.js";
import type { Command } from "../command.js";

type Snippet = { text: string; hit: boolean }[];

/** Matched words between * *, the rest as written, on one line. */
const snippetLine = (snippet: Snippet) =>
  snippet
    .map((part) => (part.hit ? `*${part.text}*` : part.text))
    .join("")
    .replace(/\s+/g, " ")
    .trim();

/** Full-text search over your conversations; each hit names the conversation and the message. */
export const search: Command = async ({ args, connection, print }) => {
  const query = args.positionals.join(" ").trim();
  if (!query) throw new UsageError("search needs words to look for, e.g. `parley search stop loss`");
  const chosen = args.general || args.model !== undefined;
  const result = await connection().client.sessions.search.query({
    query,
    scope: chosen ? contextOf(args) : { kind: "all" },
    tags: args.tag,
    limit: Math.min(args.limit ?? 20, 50),
  });
  const lines = result.hits.map((hit) => {
    const where = hit.messageId === null ? "title" : `message ${hit.messageId}`;
    const flags = [hit.archived ? "archived" : "", ...hit.tags.map((tag) => `#${tag}`)].filter(Boolean).join(" ");
    return `conversation ${hit.sessionId} "${hit.title}", ${where}${flags ? ` (${flags})` : ""}\n  ${snippetLine(hit.snippet)}`;
  });
  const more = result.hasMore ? `\n(more hits: --limit ${Math.min(50, (args.limit ?? 20) * 2)} shows more)` : "";
  print(lines.length ? lines.join("\n") + more : "No matches.", result);
};

/** Puts back what a delete did, within its undo window. */
export const undo: Command = async ({ args, connection, print }) => {
  const [undoId] = args.positionals;
  if (!undoId) throw new UsageError("undo needs the id that delete printed");
  const result = await connection().client.sessions.undo.mutate({ undoId });
  print(`Restored conversation(s) ${result.restored.join(", ")}.`, result);
};
