/** Redis stream ids are `<ms>-<seq>`; compares two of them (negative when a is older). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

const MAX_PART = 2n ** 64n - 1n;

/** Whether Redis would take `id` as a stream id: two unsigned 64-bit integers (larger ones it refuses). */
export function isStreamId(id: string): boolean {
  const parts = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  return parts !== null && BigInt(parts[1] ?? "0") <= MAX_PART && BigInt(parts[2] ?? "0") <= MAX_PART;
}
