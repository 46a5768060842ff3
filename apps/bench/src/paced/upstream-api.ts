/** One paced scenario: `streams` replies of `tokens` tokens at `tokensPerSecond` with jitter. */
export interface PacedPlan {
  tag: string;
  streams: number;
  tokens: number;
  tokensPerSecond: number;
}

/** The paced upstream's methods (see upstream-entry.ts). */
export interface PacedUpstreamApi {
  [method: string]: (params: never) => unknown;
  arm(plan: PacedPlan): void;
  /** Starts the held replies, each after a random part of one token gap; answers how many. */
  release(tag: string): number;
  cpu(): NodeJS.CpuUsage;
  stop(): Promise<void>;
}

/**
 * Token `index` says its number and when the upstream wrote it (wallNow(), upstream clock), so
 * a client can tell each token's delay, and any token lost or doubled, whatever way it came.
 */
export const pacedToken = (index: number, at: number) => ` ${index}@${at.toFixed(3)};`;

/** Every token in a piece of received text. */
export function parseTokens(text: string): Array<{ index: number; at: number }> {
  const tokens: Array<{ index: number; at: number }> = [];
  for (const piece of text.split(";")) {
    const at = piece.indexOf("@");
    if (at > 0) tokens.push({ index: Number(piece.slice(1, at)), at: Number(piece.slice(at + 1)) });
  }
  return tokens;
}
