/**
 * What instances of the server agree on. One instance needs nothing shared (the local
 * implementation); several share Redis, so that a stop, a job, a rate limit or the ownership
 * of a reply means the same on every instance.
 */
export interface Coordination {
  readonly instanceId: string;
  /** Leases a reply to this instance while it writes it; the returned function lets go. */
  holdReply(messageId: number): () => Promise<void>;
  /** Of these replies, the ones some live instance holds. The rest were orphaned. */
  heldReplies(messageIds: number[]): Promise<Set<number>>;
  /**
   * Asks whichever instance writes the conversation's reply to stop it. True once the writer
   * acknowledged, false when none did within `ackWaitMs` (it died, or there is no writer).
   */
  requestStop(sessionId: number, ackWaitMs: number): Promise<boolean>;
  /** `handler` returns true when this instance writes the conversation's reply (and stops it). */
  onStopRequest(handler: (sessionId: number) => boolean): void;
  /** Tells every instance (this one included) that a run's fills, marks or status changed. */
  announceRunChange(runId: number): Promise<void>;
  /** Calls `handler` for each announced change; the returned function stops it. */
  onRunChange(handler: (runId: number) => void): () => void;
  /** True for the first caller of `key` within `ttlMs`, on any instance. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Counts a hit against a fixed window; `allowed` is false past `limit`. */
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Ends `key`'s window: its count starts again from zero (a successful sign-in). */
  forgetHits(key: string): Promise<void>;
  /** Throws when the shared store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
