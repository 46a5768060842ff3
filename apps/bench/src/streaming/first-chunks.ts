import { wallNow } from "./clock.js";
import { keyTag } from "./upstream-api.js";

/**
 * When the first content chunk of each reply reached a server process: stamped where the
 * server's `openai` SDK stream hands it over, on the benchmark's clock (wallNow), by reply key.
 * Both servers stamp at that same point, so first-token latency means the same for both: what
 * the server and the way to the client add, not how long the chunk queued before the server
 * read it.
 */
export function createFirstChunkLog() {
  const stamps = new Map<string, number>();
  return {
    /** The reply `key` has a content chunk; only its first counts. */
    record(key: string): void {
      if (!stamps.has(key)) stamps.set(key, wallNow());
    },
    /** The scenario `tag`'s stamps, by key; forgets them. */
    take(tag: string): Record<string, number> {
      const taken: Record<string, number> = {};
      for (const [key, at] of stamps) {
        if (keyTag(key) !== tag) continue;
        taken[key] = at;
        stamps.delete(key);
      }
      return taken;
    },
  };
}

export type FirstChunkLog = ReturnType<typeof createFirstChunkLog>;
