export interface Line {
  /** 1-based, as an editor counts. */
  number: number;
  text: string;
  /** The line was longer than allowed: `text` is empty and the rest of it was skipped unread. */
  tooLong: boolean;
}

/**
 * Text chunks (a file read piece by piece) as lines, holding at most one line of at most
 * `maxLength` characters: a longer line is reported and skipped, never buffered.
 */
export async function* splitLines(chunks: AsyncIterable<string>, maxLength: number): AsyncGenerator<Line> {
  let pending = "";
  let skipping = false;
  let number = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, end);
      number += 1;
      const tooLong = skipping || pending.length + piece.length > maxLength;
      yield { number, text: tooLong ? "" : stripReturn(pending + piece), tooLong };
      pending = "";
      skipping = false;
      start = end + 1;
    }
    const rest = chunk.slice(start);
    if (skipping || pending.length + rest.length > maxLength) {
      skipping = true;
      pending = "";
    } else pending += rest;
  }
  if (skipping || pending.length) yield { number: number + 1, text: skipping ? "" : stripReturn(pending), tooLong: skipping };
}

const stripReturn = (text: string) => (text.endsWith("\r") ? text.slice(0, -1) : text);
