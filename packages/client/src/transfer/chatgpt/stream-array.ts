import { JSONParser } from "@streamparser/json";
import { conversationLimits, ElementBounds } from "./element-bounds.js";

/** Where reading the array stopped short: not JSON, or a file that ends before the array closes. */
export class ArrayReadError extends Error {
  constructor(
    message: string,
    /** Elements read before it. */
    readonly elementsRead: number,
  ) {
    super(message);
    this.name = "ArrayReadError";
  }
}

/**
 * The elements of a top-level JSON array, one at a time, parsed from text chunks as they come:
 * memory holds one element (a conversation), never the file, and that element is bounded
 * (ElementBounds: a file that never ends its element, or nests without end, stops with an
 * ArrayReadError). The caller has checked that the text starts with `[`.
 */
export async function* streamArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<unknown> {
  // A string is gathered in a byte buffer of this size rather than as an array of numbers (8 bytes
  // and more per byte of text: a 64 MB string took 1.5 GB).
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false, stringBufferSize: 64 * 1024 });
  const ready: unknown[] = [];
  let read = 0;
  const bounds = new ElementBounds(conversationLimits);
  parser.onValue = ({ value }) => ready.push(value);
  const fail = (error: unknown): never => {
    throw new ArrayReadError(`not valid JSON after ${read} conversations: ${error instanceof Error ? error.message : String(error)}`, read);
  };
  // The parser encodes each chunk to UTF-8 on its own: half of a surrogate pair would become U+FFFD.
  let heldBack = "";
  for await (const piece of chunks) {
    const text = heldBack + piece;
    const splitsPair = /[\uD800-\uDBFF]$/.test(text);
    const chunk = splitsPair ? text.slice(0, -1) : text;
    heldBack = splitsPair ? text.slice(-1) : "";
    const tooBig = bounds.feed(chunk);
    if (tooBig) throw new ArrayReadError(`conversation ${read + 1}: ${tooBig}: not read`, read);
    try {
      parser.write(chunk);
    } catch (error) {
      fail(error);
    }
    for (const value of ready.splice(0)) {
      read += 1;
      yield value;
    }
  }
  if (!parser.isEnded) {
    try {
      if (heldBack) parser.write(heldBack);
      parser.end();
    } catch (error) {
      fail(error);
    }
  }
  for (const value of ready.splice(0)) {
    read += 1;
    yield value;
  }
}
