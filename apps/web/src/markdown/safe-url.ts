const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * Only absolute web and mail links are followed; `javascript:`, `data:`, relative paths and
 * anything else is dropped, whatever its spelling (character references are decoded first, and
 * the URL parser undoes case and whitespace tricks).
 */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(decodeEntities(href.trim()));
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Markdown text may carry character references; show the characters, as a browser would. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return safeCodePoint(parseInt(body.slice(2), 16), match);
    if (body.startsWith("#")) return safeCodePoint(parseInt(body.slice(1), 10), match);
    return ENTITIES[body.toLowerCase()] ?? match;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
