import { wallNow } from "../streaming/clock.js";
import { parseTokens } from "./upstream-api.js";

/**
 * What the clients of one run received, token by token: each token's delay from the upstream's
 * write to the client (the upstream's clock moved onto ours), and which tokens came how often.
 */
export function createTokenLog(streams: number, tokens: number, upstreamOffsetMs: number) {
  const delays: number[] = [];
  const firstDelays: number[] = [];
  const counts = Array.from({ length: streams }, () => new Uint16Array(tokens));
  let events = 0;
  let foreign = 0;
  return {
    add(stream: number, text: string) {
      const now = wallNow();
      events++;
      for (const { index, at } of parseTokens(text)) {
        const seen = counts[stream];
        if (!seen || !(index >= 0 && index < tokens)) {
          foreign++;
          continue;
        }
        seen[index] = (seen[index] ?? 0) + 1;
        const delay = now - (at - upstreamOffsetMs);
        delays.push(delay);
        if (index === 0) firstDelays.push(delay);
      }
    },
    totals() {
      let received = 0;
      let lost = 0;
      let duplicated = 0;
      for (const seen of counts) {
        for (const count of seen) {
          received += count;
          if (count === 0) lost++;
          if (count > 1) duplicated += count - 1;
        }
      }
      return { events, received, lost, duplicated, foreign, delays, firstDelays };
    },
  };
}

export type TokenLog = ReturnType<typeof createTokenLog>;
