const TITLE_LENGTH = 60;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The longest run of whole graphemes (an emoji, a letter with its accents) within `limit` UTF-16 units. */
function cutOnGraphemes(text: string, limit: number): string {
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > limit) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** Until the generated title arrives, the first words of the first message (never half a character). */
export function provisionalTitle(content: string): string {
  const words = content.replace(/\s+/g, " ").trim().split(" ");
  let title = "";
  for (const word of words) {
    if ((title + " " + word).trim().length > TITLE_LENGTH) break;
    title = (title + " " + word).trim();
  }
  return title || cutOnGraphemes(content.trim(), TITLE_LENGTH);
}
