import { importChatGpt } from "./chatgpt/import-chatgpt.js";
import { ImportFileError, type ImportReport } from "./import-report.js";
import type { ImportOptions } from "./importer.js";
import { importParleyLines } from "./import-lines.js";
import type { TransferApi } from "./transfer-api.js";

/** Blank space an export could start with; more is not an export (and is not held to find out). */
const MAX_LEADING_BLANK_CHARS = 1024 * 1024;

/** The chunks read so far put back in front of the rest: detection reads ahead without losing anything. */
async function* replay(head: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Imports a file given as text chunks (a Node read stream with an encoding, a browser file read
 * piece by piece), whichever it is: a Parley export (JSON Lines) or
 * ChatGPT's `conversations.json` (a JSON array, `[`). Both are streamed.
 */
export async function importFile(api: TransferApi, chunks: AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportReport> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: string[] = [];
  let first: string | undefined;
  let blank = 0;
  while (first === undefined) {
    if (blank > MAX_LEADING_BLANK_CHARS) {
      await iterator.return?.();
      throw new ImportFileError([{ line: 1, message: "the file starts with more than 1 MB of blank space: not an export" }]);
    }
    const next = await iterator.next();
    if (next.done) throw new ImportFileError([{ line: 1, message: "the file is empty" }]);
    // A byte-order mark some editors write is not part of the text.
    const chunk = head.length ? next.value : next.value.replace(/^\uFEFF/, "");
    head.push(chunk);
    blank += chunk.length;
    first = /\S/.exec(chunk)?.[0];
  }
  const text = replay(head, iterator);
  // Anything else is read as a Parley export, whose header check names what is wrong with line 1.
  return first === "[" ? importChatGpt(api, text, options) : importParleyLines(api, text, options);
}
