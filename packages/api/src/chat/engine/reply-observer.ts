import type { ReplyStatus } from "../events.js";
import type { ProviderError } from "../providers/provider.js";

/**
 * What the engine reports about replies as they are written, for an operator's metrics (the
 * server turns these into Prometheus series). Called on the reply's hot path: keep it cheap.
 */
export interface ReplyObserver {
  /** The provider's first chunk of one request arrived, `ms` after the request left. */
  providerFirstChunk(ms: number): void;
  /** The reply's first text arrived, `ms` after the reply began. */
  firstText(ms: number): void;
  /** A chunk of text arrived from the provider (at a model's pace, about one token). */
  textChunk(): void;
  /** The reply ended; `providerFailure` is the provider's kind of failure when it failed the reply. */
  finished(status: ReplyStatus, providerFailure: ProviderError["kind"] | null, completionTokens: number | null): void;
}

export const ignoreReplies: ReplyObserver = {
  providerFirstChunk: () => undefined,
  firstText: () => undefined,
  textChunk: () => undefined,
  finished: () => undefined,
};
