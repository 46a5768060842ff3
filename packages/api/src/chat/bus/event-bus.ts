import type { ChatEvent, StreamedEvent } from "../events.js";
import type { UserChannels } from "./user-channels.js";

/**
 * Carries a conversation's events from whoever generates a reply to whoever watches it. The
 * in-process bus serves one instance; a Redis-backed one lets viewers on any instance follow
 * a reply generated on another. Each user has a channel too, for account news (`UserChannels`).
 */
export interface EventBus extends UserChannels {
  publish(sessionId: number, event: ChatEvent): Promise<string>;
  /**
   * Events after `lastEventId`, then live ones until `signal` aborts. Without a usable
   * `lastEventId`, the current (or just finished) reply from its start. Live events are
   * captured before the backlog is read, so nothing falls in between.
   */
  subscribe(sessionId: number, lastEventId: string | null, signal: AbortSignal): AsyncIterable<StreamedEvent>;
  /**
   * The text of the reply `messageId` as published so far (what its viewers were shown), or
   * null when the bus no longer holds the reply from its start. Lets whoever ends a reply whose
   * writer died save what was shown rather than the last periodic save.
   */
  publishedText(sessionId: number, messageId: number): Promise<string | null>;
  /** Marks the channel's reply finished: its events may be dropped after the grace period. */
  settle(sessionId: number): void;
  close(): Promise<void>;
}
