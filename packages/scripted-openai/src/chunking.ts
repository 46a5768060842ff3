// Cuts count code points, never UTF-16 units: the real API never splits a character across
// deltas, and a lone surrogate would not survive JSON encoding intact.

export const DEFAULT_CHUNK_SIZE = 4;

/** Consecutive pieces of at most `size` code points. */
export function splitBySize(text: string, size: number): string[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < points.length; start += size) {
    pieces.push(points.slice(start, start + size).join(""));
  }
  return pieces;
}

/** At most `parts` pieces of near-equal length (fewer when the text is shorter). */
export function splitIntoParts(text: string, parts: number): string[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const length = Array.from(text).length;
  return splitBySize(text, Math.max(1, Math.ceil(length / parts)));
}

/** Takes one item from each list in turn until all are used up. */
export function roundRobin<T>(lists: readonly (readonly T[])[]): T[] {
  const result: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let position = 0; position < longest; position++) {
    for (const list of lists) {
      const item = list[position];
      if (item !== undefined) result.push(item);
    }
  }
  return result;
}

/** Where to cut an encoded SSE event: inside each multi-byte character and between its final newlines. */
export function utf8CutPoints(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  bytes.forEach((byte, position) => {
    // 0b11xxxxxx starts a multi-byte sequence; cutting right after it leaves the rest dangling.
    if (byte >= 0xc0) cuts.push(position + 1);
  });
  if (bytes.length > 1) cuts.push(bytes.length - 1);
  return cuts;
}

export function cutBytes(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut > start && cut < bytes.length) {
      pieces.push(bytes.subarray(start, cut));
      start = cut;
    }
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}
