import { errorInfo, retryWhileBusy, type ParleyClient } from "@parley/client";
import {
  batchFills,
  detectFillFormat,
  isJsonFillFile,
  parseFillFile,
  readFileHead,
  scanFillFile,
  type FileHead,
  type FileScan,
  type FillFormatName,
  type ParsedRow,
  type ParseOptions,
} from "@parley/fill-files";
import { fileText } from "../transfer/file-text";

// The browser side of `parley runs import` (apps/cli/src/commands/import-fills.ts): the same
// parser from @parley/fill-files over the File's stream, read twice (check, then send), never whole.

/** As the CLI: ~1 MB of JSON a batch, well inside runs.appendFills' 10,000 and the 2 MB body limit. */
const BATCH_SIZE = 5_000;
/** Enough of the file's start for its header and a preview of its first rows. */
const HEAD_BYTES = 64 * 1024;

type RunsClient = Pick<ParleyClient["runs"], "create" | "appendFills">;
export type RunKind = Parameters<RunsClient["create"]["mutate"]>[0]["kind"];

export interface NewRunSettings {
  label: string;
  kind: RunKind;
  startingCapital: number;
}

/** An existing run brings its start: the API refuses fills before it, so the check does too. */
export type ImportTarget = { kind: "new"; modelId: number } | { kind: "run"; modelId: number; runId: number; startedAt: string };

/** What both passes read the same way: the format, the target, and one "now" for future fills. */
export interface ReadPlan {
  parse: ParseOptions;
  target: ImportTarget;
  now: number;
}

/** A CSV file's header, preview and format; a JSON file (by name or first character) has no header to show. */
export async function readHead(file: Blob & { name?: string }): Promise<{ head: FileHead | null; format: FillFormatName | null }> {
  const start = await file.slice(0, HEAD_BYTES).text();
  if (isJsonFillFile(file.name ?? "", start)) return { head: null, format: "json" };
  const head = await readFileHead([start], 5);
  return { head, format: head ? detectFillFormat(head.header) : null };
}

/**
 * The file's rows, with the fills the run would refuse as errors at their line: before an
 * existing run's start, or in the future (the API checks both, for a whole batch at once).
 */
async function* rowsFor(file: Blob, options: ReadPlan & { onBytes?: (bytes: number) => void }) {
  const notBefore = options.target.kind === "run" ? Date.parse(options.target.startedAt) : -Infinity;
  const notAfter = options.now;
  for await (const row of parseFillFile(fileText(file, options.onBytes ?? (() => undefined)), options.parse)) {
    if (row.kind !== "fill") yield row;
    else {
      const at = Date.parse(row.fill.executedAt);
      if (at < notBefore)
        yield error(row.line, `executedAt ${row.fill.executedAt} is before the run started (${new Date(notBefore).toISOString()})`);
      else if (at > notAfter) yield error(row.line, `executedAt ${row.fill.executedAt} is in the future`);
      else yield row;
    }
  }
}

const error = (line: number, reason: string): ParsedRow => ({ line, kind: "error", reasons: [reason] });

/** The first pass: every row parsed and checked, nothing sent. */
export function checkFile(file: Blob, options: ReadPlan & { onProgress: (fraction: number) => void }) {
  const onBytes = (bytes: number) => options.onProgress(file.size ? bytes / file.size : 1);
  return scanFillFile(rowsFor(file, { ...options, onBytes }));
}

export interface ImportOutcome {
  runId: number;
  inserted: number;
  duplicates: number;
}

interface SendOptions extends ReadPlan {
  file: File;
  scan: FileScan;
  settings: NewRunSettings;
  onSent: (fills: number) => void;
}

async function targetRunId(runs: RunsClient, options: SendOptions): Promise<number> {
  const { target, settings, scan, file } = options;
  if (target.kind === "run") return target.runId;
  const run = await runs.create.mutate({
    modelId: target.modelId,
    label: settings.label.slice(0, 200),
    kind: settings.kind,
    startingCapital: settings.startingCapital,
    period: scan.earliest ? { start: scan.earliest } : {},
    parameters: { importedFrom: file.name.slice(0, 200), format: options.parse.format },
  });
  return run.id;
}

/** A send that stopped part way: the batches before it are stored (each batch is all or nothing). */
export class ImportInterrupted extends Error {
  constructor(
    readonly runId: number,
    readonly stored: number,
    options: { cause: unknown },
  ) {
    super(
      `${errorInfo(options.cause).message} (${stored.toLocaleString("en-US")} fills were stored in run #${runId} before this; ` +
        "adding the same file to that run again sends only the rest)",
      options,
    );
  }
}

/** The second pass: the valid fills in batches; rejected rows were reported and are left out. */
export async function sendFills(runs: RunsClient, options: SendOptions): Promise<ImportOutcome> {
  const runId = await targetRunId(runs, options);
  const outcome = { runId, inserted: 0, duplicates: 0 };
  let sent = 0;
  const rows = rowsFor(options.file, options);
  try {
    for await (const batch of batchFills(rows, BATCH_SIZE)) {
      const result = await retryWhileBusy(() => runs.appendFills.mutate({ runId, fills: batch.fills }));
      sent += result.received;
      outcome.inserted += result.inserted;
      outcome.duplicates += result.duplicates;
      options.onSent(sent);
    }
  } catch (error) {
    throw new ImportInterrupted(runId, sent, { cause: error });
  }
  return outcome;
}
