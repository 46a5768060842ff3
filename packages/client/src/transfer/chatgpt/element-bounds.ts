export interface ElementLimits {
  /** Characters of text one element may take, white space around it included. */
  maxChars: number;
  /** Levels of `[` and `{`, the array itself counted as 1. */
  maxDepth: number;
}

/** A conversation of ChatGPT's export is a few MB at most, nested about ten deep (mapping → node → message → content → parts). */
export const conversationLimits: ElementLimits = { maxChars: 64_000_000, maxDepth: 64 };

/** Characters as decimal megabytes, as people read file sizes ("64 MB"). */
const megabytes = (chars: number) => `${Math.round(chars / 10_000) / 100} MB`;

/**
 * Watches the text of a top-level JSON array as it streams and says when one element grows past
 * `maxChars` or nests deeper than `maxDepth`. A streaming parser holds the element it is building
 * (and a frame per level), so without these bounds a 1 GB file that never closes its first
 * element, or nests `{"a":` a million times, would be held whole. Strings are followed (quotes,
 * escapes) so that brackets inside them do not count. Used by the ChatGPT import, and
 * by the fill-file parser for its JSON arrays.
 */
export class ElementBounds {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Characters since the array's last element ended (or the array began). */
  private elementChars = 0;

  constructor(private readonly limits: ElementLimits) {}

  /** What is wrong with the element being read ("longer than 64 MB of text"), or null. */
  feed(text: string): string | null {
    /** Where in `text` the last element ended, if one did. */
    let lastEnd = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 0x5c) this.escaped = true;
        else if (code === 0x22) this.inString = false;
        continue;
      }
      if (code === 0x22) this.inString = true;
      else if (code === 0x5b || code === 0x7b) {
        if (++this.depth > this.limits.maxDepth) return `nested more than ${this.limits.maxDepth} levels deep`;
      } else if (code === 0x5d || code === 0x7d) {
        this.depth -= 1;
        // Back at the array's own level: an element ended, the next one starts from nothing.
        if (this.depth <= 1) lastEnd = i;
      } else if (code === 0x2c && this.depth === 1) lastEnd = i;
    }
    this.elementChars = lastEnd === -1 ? this.elementChars + text.length : text.length - lastEnd - 1;
    if (this.elementChars > this.limits.maxChars) return `longer than ${megabytes(this.limits.maxChars)} of text`;
    return null;
  }
}
