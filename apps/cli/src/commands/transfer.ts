import { createReadStream } from "node:fs";
import { once } from "node:events";
import { exportLines, exportMarkdown, importFile, ImportFileError, type ImportReport } from "@parley/client";
import { contextOf, positionalIds, UsageError } from "../args.js";
import type { Command } from "../command.js";

/**
 * `parley export [CONTEXT | ID...] [--markdown] > file`: every conversation (or one context's, or
 * the ones named) as JSON Lines, or as Markdown, on stdout, page by page, waiting for stdout to
 * drain, so memory holds one page whatever the size.
 */
export const exportCommand: Command = async ({ args, connection }) => {
  const chosen = args.general || args.model !== undefined;
  const sessionIds = positionalIds(args, "a conversation id");
  if (chosen && sessionIds.length) throw new UsageError("export takes a context or conversation ids, not both");
  const options = { context: chosen ? contextOf(args) : undefined, sessionIds: sessionIds.length ? sessionIds : undefined };
  const client = connection().client;
  const out = process.stdout;
  for await (const text of args.markdown ? exportMarkdown(client, options) : exportLines(client, options)) {
    if (!out.write(text)) await once(out, "drain");
  }
};

function describeReport(report: ImportReport): string {
  const { totals } = report;
  const where = report.format === "chatgpt" ? "conversation" : "line";
  const lines = [
    `${totals.imported} imported, ${totals.skipped} skipped, ${totals.failed} failed; ` +
      `${totals.messagesAdded} messages added, ${totals.messagesAlreadyThere} already there.`,
  ];
  for (const outcome of report.conversations) {
    if (outcome.status === "imported" && !outcome.reasons.length) continue;
    const into = outcome.sessionId === null ? "" : ` → conversation ${outcome.sessionId}`;
    lines.push(`${outcome.status}: ${where} ${outcome.line} "${outcome.title}"${into}`, ...outcome.reasons.map((reason) => `  ${reason}`));
  }
  for (const problem of report.problems) lines.push(`${where} ${problem.line}: ${problem.message}`);
  return lines.join("\n");
}

/** `parley import FILE [--as-general]`: reads the file as a stream and prints a report per conversation. */
export const importCommand: Command = async ({ args, connection, print, terminal }) => {
  const [path] = args.positionals;
  if (!path) throw new UsageError("import needs the file, e.g. `parley import conversations.jsonl` (or ChatGPT's conversations.json)");
  const chunks = createReadStream(path, { encoding: "utf8" }) as AsyncIterable<string>;
  try {
    const report = await importFile(connection().client, chunks, {
      unknownContext: args.asGeneral ? "general" : "fail",
      onProgress: (progress) => terminal.err(`\r${progress.conversations} conversations, ${progress.messagesAdded} messages added`),
    });
    terminal.err("\n");
    print(describeReport(report), report);
    return report.totals.failed || report.problems.length ? 1 : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(`no such file: ${path}`);
    if (!(error instanceof ImportFileError)) throw error;
    print(`Cannot import ${path}:\n${error.message}`, { error: "IMPORT_FILE_INVALID", problems: error.problems });
    return 1;
  }
};
