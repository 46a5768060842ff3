import { ProviderError } from "../providers/provider.js";

/** How long a provider may keep a reply waiting (settings: `PARLEY_PROVIDER_*` in the server's env). */
export interface ProviderDeadlines {
  /** From the request to the first token, across all of the SDK's retries. */
  firstTokenMs: number;
  /** Longest silence between two chunks once the provider has started answering. */
  idleMs: number;
  /** Without a first token after this long, viewers are told the provider is slow. */
  slowNoticeMs: number;
}

export const defaultProviderDeadlines: ProviderDeadlines = { firstTokenMs: 45_000, idleMs: 30_000, slowNoticeMs: 10_000 };

/** "45 s", or "0.4 s" for the short deadlines of tests. */
const seconds = (ms: number) => (ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10);

/**
 * Watches one provider request: aborts it when the first token is later than `firstTokenMs`
 * or the provider goes quiet for `idleMs`, and calls `onSlow` once if the first token is
 * later than `slowNoticeMs`. One timer, which reads the time of the last chunk when it fires
 * rather than being re-armed on every chunk (a reply at full speed brings thousands a second).
 */
export function watchProviderRequest(deadlines: ProviderDeadlines, parent: AbortSignal, onSlow: (waitedMs: number) => void) {
  const expired = new AbortController();
  let failure: ProviderError | null = null;
  let lastChunkAt: number | null = null;
  const expire = (message: string) => {
    failure = new ProviderError(message, "timeout");
    expired.abort(failure);
  };
  const check = () => {
    if (lastChunkAt === null) return expire(`The AI provider did not start answering within ${seconds(deadlines.firstTokenMs)} s`);
    const quietMs = performance.now() - lastChunkAt;
    if (quietMs >= deadlines.idleMs) return expire(`The AI provider stopped answering for ${seconds(deadlines.idleMs)} s mid-reply`);
    timer = setTimeout(check, deadlines.idleMs - quietMs);
  };
  let timer = setTimeout(check, deadlines.firstTokenMs);
  const slowNotice =
    deadlines.slowNoticeMs < deadlines.firstTokenMs ? setTimeout(() => onSlow(deadlines.slowNoticeMs), deadlines.slowNoticeMs) : null;

  return {
    signal: AbortSignal.any([parent, expired.signal]),
    /** The provider sent something: the first token ends the wait for it, any chunk the silence. */
    chunk() {
      if (lastChunkAt === null) {
        if (slowNotice) clearTimeout(slowNotice);
        clearTimeout(timer);
        timer = setTimeout(check, deadlines.idleMs);
      }
      lastChunkAt = performance.now();
    },
    /** The deadline that ended the request, if one did (the caller's own abort is not one). */
    failure: (): ProviderError | null => (parent.aborted ? null : failure),
    dispose() {
      clearTimeout(timer);
      if (slowNotice) clearTimeout(slowNotice);
    },
  };
}
