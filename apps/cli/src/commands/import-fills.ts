import { createReadStream } from "node:fs";
import { access, open } from "node:fs/promises";
import { basename } from "node:path";
import { retryWhileBusy } from "@parley/client";
import {
  batchFills,
  FillFileError,
  fillFormatNames,
  isJsonFillFile,
  parseFillFile,
  runKinds,
  scanFillFile,
  type FileScan,
  type FillFormatName,
  type ParseOptions,
} from "@parley/fill-files";
import { UsageError, type CommandLine } from "../args.js";
import type { Command, CommandContext } from "../command.js";

/** ~1 MB of JSON: well inside the server's 2 MB body limit and runs.appendFills' 10,000. */
const BATCH_SIZE = 5_000;
const SHOWN_ERRORS = 50;

type RunKind = (typeof runKinds)[number];

/** The file's first characters, enough to tell JSON (`[`, `{`) from a CSV header. */
async function fileStart(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: new Uint8Array(256) });
    return new TextDecoder().decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** --format when given, else JSON by the file's name or start, else the generic CSV. */
async function importOptions(args: CommandLine) {
  const [, file] = args.positionals;
  if (!file) throw new UsageError("parley runs import needs a FILE");
  if (args.model === undefined) throw new UsageError("parley runs import needs --model ID (the run's model)");
  await access(file).catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  const format = (args.format ?? (isJsonFillFile(file, await fileStart(file)) ? "json" : "generic")) as FillFormatName;
  if (!fillFormatNames.includes(format)) throw new UsageError(`--format must be ${fillFormatNames.join(", ")}, not "${args.format}"`);
  const kind = (args.kind ?? "live") as RunKind;
  if (!runKinds.includes(kind)) throw new UsageError(`--kind must be ${runKinds.join(", ")}, not "${args.kind}"`);
  const capital = Number(args.capital ?? 100_000);
  if (!(capital > 0)) throw new UsageError(`--capital must be a number above 0, not "${args.capital}"`);
  const parse: ParseOptions = { format, ...(args.timeZone ? { timeZone: args.timeZone } : {}) };
  return { file, modelId: args.model, runId: args.run, parse, kind, capital, keepGood: args.keepGood };
}

type ImportOptions = Awaited<ReturnType<typeof importOptions>>;
const rowsOf = (options: ImportOptions) => parseFillFile(createReadStream(options.file), options.parse);
const count = (value: number) => value.toLocaleString("en-US");

function reportRejected(scan: FileScan, terminal: CommandContext["terminal"]) {
  for (const row of scan.errors.slice(0, SHOWN_ERRORS)) terminal.err(`line ${row.line}: ${row.reasons.join("; ")}\n`);
  if (scan.errors.length > SHOWN_ERRORS) terminal.err(`… and ${count(scan.errors.length - SHOWN_ERRORS)} more rejected rows\n`);
  for (const row of scan.skipped.slice(0, SHOWN_ERRORS)) terminal.err(`line ${row.line}: skipped, ${row.reason}\n`);
}

/** The run to import into: the one named (after checking it is the model's), or a new one starting at the first fill. */
async function targetRun({ connection }: CommandContext, options: ImportOptions, scan: FileScan) {
  const runs = connection().client.runs;
  if (options.runId !== undefined) return runs.get.query({ modelId: options.modelId, runId: options.runId });
  return runs.create.mutate({
    modelId: options.modelId,
    label: `Imported from ${basename(options.file)}`.slice(0, 200),
    kind: options.kind,
    startingCapital: options.capital,
    period: { ...(scan.earliest ? { start: scan.earliest } : {}) },
    parameters: { importedFrom: basename(options.file), format: options.parse.format },
  });
}

/** `parley runs import FILE --model ID [--run ID] [--format F]` (CSV or JSON): read the file twice (check, then send), never whole in memory. */
export const importFills: Command = async (context) => {
  const { terminal, print } = context;
  const options = await importOptions(context.args);
  let scan: FileScan;
  try {
    scan = await scanFillFile(rowsOf(options));
  } catch (error) {
    if (!(error instanceof FillFileError)) throw error;
    terminal.err(`${options.file}: ${error.message}\n`);
    return 1;
  }
  reportRejected(scan, terminal);
  if (scan.errors.length && !options.keepGood) {
    terminal.err(
      `${count(scan.errors.length)} rows rejected; nothing was imported (--keep-good imports the ${count(scan.fills)} valid fills)\n`,
    );
    return 1;
  }
  if (!scan.fills) {
    terminal.err(`${options.file}: no fills to import\n`);
    return 1;
  }
  const run = await targetRun(context, options, scan);
  const totals = { sent: 0, inserted: 0, duplicates: 0 };
  const started = performance.now();
  for await (const batch of batchFills(rowsOf(options), BATCH_SIZE)) {
    const result = await retryWhileBusy(() => context.connection().client.runs.appendFills.mutate({ runId: run.id, fills: batch.fills }));
    totals.sent += result.received;
    totals.inserted += result.inserted;
    totals.duplicates += result.duplicates;
    const percent = Math.floor((totals.sent / scan.fills) * 100);
    terminal.err(`imported ${count(totals.sent)} / ${count(scan.fills)} fills (${percent}%), line ${count(batch.lastLine)}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    runId: run.id,
    modelId: options.modelId,
    file: options.file,
    fills: scan.fills,
    inserted: totals.inserted,
    duplicates: totals.duplicates,
    rejected: scan.errors.length,
    skipped: scan.skipped.length,
    seconds: Number(seconds.toFixed(2)),
  };
  print(
    `Run ${run.id}: ${count(totals.inserted)} fills imported, ${count(totals.duplicates)} already there, ${count(scan.errors.length)} rejected, ${count(scan.skipped.length)} skipped (${seconds.toFixed(1)} s)`,
    summary,
  );
};
