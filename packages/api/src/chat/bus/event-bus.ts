import type { ChatEvent, StreamedEvent } from "../events.js";

/**
 * Carries a conversation's events from whoever generates a reply to whoever watches it. The
 * in-process bus serves one instance; a Redis-backed one lets viewers on any instance follow
 * a reply generated on another.
 */
export interface EventBus {
  publish(sessionId: number, event: ChatEvent): Promise<string>;
  /**
   * Events after `lastEventId`, then live ones until `signal` aborts. Without a usable
   * `lastEventId`, the current (or just finished) reply from its start. Live events are
   * captured before the backlog is read, so nothing falls in between.
   */
  subscribe(sessionId: number, lastEventId: string | null, signal: AbortSignal): AsyncIterable<StreamedEvent>;
  /** Marks the channel's reply finished: its events may be dropped after the grace period. */
  settle(sessionId: number): void;
  close(): Promise<void>;
}
