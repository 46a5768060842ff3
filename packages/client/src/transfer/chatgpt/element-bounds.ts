/** A conversation of ChatGPT's export is a few MB at most; this is far past any real one. */
export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;
/** ChatGPT's conversations nest about ten deep (mapping → node → message → content → parts). */
export const MAX_DEPTH = 64;

/**
 * Watches the text of a top-level JSON array as it streams and says when one element grows past
 * MAX_ELEMENT_CHARS or nests deeper than MAX_DEPTH. The parser holds the element it is building
 * (and a frame per level), so without these bounds a 1 GB file that never closes its first
 * element, or nests `{"a":` a million times, would be held whole. Strings are followed (quotes,
 * escapes) so that brackets inside them do not count.
 */
export class ElementBounds {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Characters since the array's last element ended (or the array began). */
  private elementChars = 0;

  /** The problem with the text so far, or null. */
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
        if (++this.depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep: not a ChatGPT conversation`;
      } else if (code === 0x5d || code === 0x7d) {
        this.depth -= 1;
        // Back at the array's own level: an element ended, the next one starts from nothing.
        if (this.depth <= 1) lastEnd = i;
      } else if (code === 0x2c && this.depth === 1) lastEnd = i;
    }
    this.elementChars = lastEnd === -1 ? this.elementChars + text.length : text.length - lastEnd - 1;
    if (this.elementChars > MAX_ELEMENT_CHARS) {
      return `a conversation longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB of text: not read`;
    }
    return null;
  }
}
