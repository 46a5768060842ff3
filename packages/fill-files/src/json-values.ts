import { ElementBounds } from "@parley/client";
import { JSONParser } from "@streamparser/json";
import { FillFileError } from "./fill-file-error.js";

/** One value of a JSON fill file at its place (a JSON Lines line, or an array element's 1-based index), or why that line is not JSON. */
export type JsonEntry = { line: number; value: unknown } | { line: number; reason: string };

/** A JSON Lines line longer than this is not a fill: a file that is one huge object would otherwise fill memory. */
const MAX_LINE_CHARS = 1_000_000;
/** An array element is held to the same size; a fill object is flat, so a few levels suffice. */
const elementLimits = { maxChars: MAX_LINE_CHARS, maxDepth: 8 };
/** White space a file may start with before its first character: more is not a fill file (and is not held to find out). */
const MAX_LEADING_BLANK_CHARS = 1_000_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The values of a JSON fill file as they stream in: an array (`[` first) element by element, or
 * JSON Lines (`{` first) line by line. Memory holds one value, never the file. Anything else as a
 * whole (empty, NUL bytes, another top-level value, broken array syntax) is a FillFileError.
 */
export async function* jsonEntries(chunks: AsyncIterable<string>): AsyncGenerator<JsonEntry> {
  const { start, text } = await peekStart(refuseNul(chunks));
  if (start === null) throw new FillFileError("the file is empty: a JSON fill file is an array of fills or one fill object per line");
  if (start === "[") yield* arrayEntries(text);
  else if (start === "{") yield* lineEntries(text);
  else {
    throw new FillFileError(
      `the file starts with ${JSON.stringify(start)}: a JSON fill file is an array of fill objects ("[") or JSON Lines, one fill object per line ("{")`,
    );
  }
}

async function* refuseNul(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let offset = 0;
  for await (const chunk of chunks) {
    const at = chunk.indexOf("\u0000");
    if (at >= 0) throw new FillFileError(`a NUL byte at character ${offset + at + 1}: not a JSON text file`);
    offset += chunk.length;
    yield chunk;
  }
}

/** The first character that is not white space (after a BOM), and the whole text again. */
async function peekStart(chunks: AsyncIterable<string>): Promise<{ start: string | null; text: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let seen = "";
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { start: null, text: replay(seen, iterator) };
    seen += seen ? next.value : next.value.replace(/^\uFEFF/, "");
    const start = seen.trimStart()[0];
    if (start) return { start, text: replay(seen, iterator) };
    if (seen.length > MAX_LEADING_BLANK_CHARS) {
      await iterator.return?.();
      throw new FillFileError("the file starts with more than 1 MB of white space: not a JSON fill file");
    }
  }
}

async function* replay(seen: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  if (seen) yield seen;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* lineEntries(text: AsyncIterable<string>): AsyncGenerator<JsonEntry> {
  let partial = "";
  let line = 0;
  for await (const chunk of text) {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > MAX_LINE_CHARS)
      throw new FillFileError(`line ${line + lines.length + 1} is longer than ${MAX_LINE_CHARS} characters: not JSON Lines`);
    for (const content of lines) {
      const entry = lineEntry(content, ++line);
      if (entry) yield entry;
    }
  }
  const last = lineEntry(partial, line + 1);
  if (last) yield last;
}

function lineEntry(content: string, line: number): JsonEntry | null {
  const trimmed = content.trim();
  if (!trimmed) return null;
  try {
    return { line, value: JSON.parse(trimmed) };
  } catch (error) {
    return { line, reason: `not valid JSON: ${messageOf(error)}` };
  }
}

/** An array's elements by @streamparser/json, as the ChatGPT import reads its export (packages/client transfer/chatgpt). */
async function* arrayEntries(text: AsyncIterable<string>): AsyncGenerator<JsonEntry> {
  // Strings in a byte buffer, not an array of one-character strings (see the ChatGPT import).
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false, stringBufferSize: 64 * 1024 });
  const bounds = new ElementBounds(elementLimits);
  const ready: unknown[] = [];
  parser.onValue = ({ value }) => ready.push(value);
  // Where a broken file went wrong: the parser's own messages do not always say.
  let lastTokenByte = 0;
  parser.onToken = ({ offset }) => {
    lastTokenByte = offset;
  };
  let index = 0;
  const write = (chunk: string | null) => {
    try {
      if (chunk === null) parser.end();
      else parser.write(chunk);
    } catch (error) {
      const where = `near byte ${lastTokenByte + 1}, after array element ${index + ready.length}`;
      throw new FillFileError(`not valid JSON ${where}: ${messageOf(error)}`, { cause: error });
    }
  };
  // The parser encodes each chunk to UTF-8 on its own: half of a surrogate pair would become U+FFFD.
  let heldBack = "";
  for await (const piece of text) {
    const joined = heldBack + piece;
    heldBack = /[\uD800-\uDBFF]$/.test(joined) ? joined.slice(-1) : "";
    const chunk = heldBack ? joined.slice(0, -1) : joined;
    const problem = bounds.feed(chunk);
    if (problem) throw new FillFileError(`array element ${index + 1}: ${problem}: not a fill`);
    write(chunk);
    for (const value of ready.splice(0)) yield { line: ++index, value };
  }
  if (heldBack) write(heldBack);
  if (!parser.isEnded) write(null);
  for (const value of ready.splice(0)) yield { line: ++index, value };
}
