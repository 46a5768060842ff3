import { createReadStream } from "node:fs";
import { once } from "node:events";
import { exportLines, importFile, ImportFileError, type ImportReport } from "@parley/client";
import { contextOf, UsageError } from "../args.js";
import type { Command } from "../command.js";

/**
 * `parley export [CONTEXT] > file`: every conversation (or one context's) as JSON Lines on
 * stdout, page by page, waiting for stdout to drain, so memory holds one page whatever the size.
 */
export const exportCommand: Command = async ({ args, connection }) => {
  const chosen = args.general || args.model !== undefined;
  const out = process.stdout;
  for await (const line of exportLines(connection().client, { context: chosen ? contextOf(args) : undefined })) {
    if (!out.write(line)) await once(out, "drain");
  }
};

function describeReport(report: ImportReport): string {
  const { totals } = report;
  const lines = [
    `${totals.imported} imported, ${totals.skipped} skipped, ${totals.failed} failed; ` +
      `${totals.messagesAdded} messages added, ${totals.messagesAlreadyThere} already there.`,
  ];
  for (const outcome of report.conversations) {
    if (outcome.status === "imported" && !outcome.reasons.length) continue;
    const where = outcome.sessionId === null ? "" : ` → conversation ${outcome.sessionId}`;
    lines.push(`${outcome.status}: line ${outcome.line} "${outcome.title}"${where}`, ...outcome.reasons.map((reason) => `  ${reason}`));
  }
  for (const problem of report.problems) lines.push(`line ${problem.line}: ${problem.message}`);
  return lines.join("\n");
}

/** `parley import FILE [--as-general]`: reads the file as a stream and prints a report per conversation. */
export const importCommand: Command = async ({ args, connection, print, terminal }) => {
  const [path] = args.positionals;
  if (!path) throw new UsageError("import needs the export file, e.g. `parley import conversations.jsonl`");
  const chunks = createReadStream(path, { encoding: "utf8" }) as AsyncIterable<string>;
  try {
    const report = await importFile(connection().client, chunks, {
      unknownContext: args.asGeneral ? "general" : "fail",
      onProgress: (progress) =>
        terminal.err(`\rline ${progress.line}: ${progress.conversations} conversations, ${progress.messagesAdded} messages added`),
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
