// ts_headline marks the matched words with these two private-use characters, which are taken
// out of the text first, so that the snippet reaches clients as plain parts and never as markup.
export const HIT_START = "\uE000";
export const HIT_END = "\uE001";
// ts_headline's parser drops anything that looks like an HTML tag; the text goes in with its angle
// brackets as these two, and they are turned back after, so a snippet keeps what the user wrote.
const LESS_THAN = "\uE002";
const GREATER_THAN = "\uE003";

/** translate()'s arguments: brackets become stand-ins, the private-use characters go. */
export const HEADLINE_FROM = `<>${HIT_START}${HIT_END}${LESS_THAN}${GREATER_THAN}`;
export const HEADLINE_TO = `${LESS_THAN}${GREATER_THAN}`;

const restoreBrackets = (text: string) => text.replaceAll(LESS_THAN, "<").replaceAll(GREATER_THAN, ">");

/** The snippet as parts, the matched ones marked; nothing of the text is lost or added. */
export function snippetParts(marked: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  for (const [index, piece] of marked.split(HIT_START).entries()) {
    if (index === 0) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    const end = piece.indexOf(HIT_END);
    const hit = end === -1 ? piece : piece.slice(0, end);
    const rest = end === -1 ? "" : piece.slice(end + HIT_END.length);
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts.map((part) => ({ text: restoreBrackets(part.text), hit: part.hit }));
}
