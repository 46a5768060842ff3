/** Redis stream ids are `<ms>-<seq>`; compares two of them (negative when a is older). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

export const isStreamId = (id: string) => /^\d+-\d+$/.test(id);
