import { appErrorCode, type ParleyClient } from "@parley/client";
import {
  batchFills,
  detectFillFormat,
  parseFillFile,
  readFileHead,
  scanFillFile,
  type FileHead,
  type FileScan,
  type FillFormatName,
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

export type ImportTarget = { kind: "new"; modelId: number } | { kind: "run"; modelId: number; runId: number };

export async function readHead(file: Blob): Promise<{ head: FileHead | null; format: FillFormatName | null }> {
  const head = await readFileHead([await file.slice(0, HEAD_BYTES).text()], 5);
  return { head, format: head ? detectFillFormat(head.header) : null };
}

/** The first pass: every row parsed and checked, nothing sent. */
export function checkFile(file: Blob, parse: ParseOptions, onProgress: (fraction: number) => void): Promise<FileScan> {
  return scanFillFile(
    parseFillFile(
      fileText(file, (bytes) => onProgress(file.size ? bytes / file.size : 1)),
      parse,
    ),
  );
}

export interface ImportOutcome {
  runId: number;
  inserted: number;
  duplicates: number;
}

interface SendOptions {
  file: File;
  parse: ParseOptions;
  scan: FileScan;
  target: ImportTarget;
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

/** A busy server is retried: appendFills is idempotent by fill id, so nothing doubles. */
async function withRetries<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const code = appErrorCode(error);
      if ((code && code !== "SERVER_BUSY") || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** The second pass: the valid fills in batches; rejected rows were reported and are left out. */
export async function sendFills(runs: RunsClient, options: SendOptions): Promise<ImportOutcome> {
  const runId = await targetRunId(runs, options);
  const outcome = { runId, inserted: 0, duplicates: 0 };
  let sent = 0;
  const rows = parseFillFile(
    fileText(options.file, () => undefined),
    options.parse,
  );
  for await (const batch of batchFills(rows, BATCH_SIZE)) {
    const result = await withRetries(() => runs.appendFills.mutate({ runId, fills: batch.fills }));
    sent += result.received;
    outcome.inserted += result.inserted;
    outcome.duplicates += result.duplicates;
    options.onSent(sent);
  }
  return outcome;
}
