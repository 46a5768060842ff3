// A file without fill ids still has to be idempotent on retry: the id is derived from the fill's
// own terms, plus how many identical fills came before it in the file (two equal fills at the
// same millisecond are possible and must both land). Importing the same file again derives the
// same ids, so runs.appendFills reports them as duplicates instead of storing them twice.

/** cyrb53 (public domain): a fast 53-bit string hash; two seeds give 106 bits, enough here. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface FillTerms {
  executedAt: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  fees: number;
  orderId?: string | undefined;
}

/** Counts identical terms seen so far in one file, giving each its deterministic id. */
export function createFillIdDeriver() {
  const seen = new Map<string, number>();
  return (terms: FillTerms): string => {
    const key = [
      new Date(terms.executedAt).toISOString(),
      terms.symbol,
      terms.side,
      terms.quantity,
      terms.price,
      terms.fees,
      terms.orderId ?? "",
    ].join("|");
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const keyed = `${key}#${occurrence}`;
    return `file-${cyrb53(keyed, 1).toString(36)}${cyrb53(keyed, 2).toString(36)}`;
  };
}
