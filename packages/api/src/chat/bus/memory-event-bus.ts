import { randomBytes } from "node:crypto";
import type { ChatEvent, StreamedEvent } from "../events.js";
import type { EventBus } from "./event-bus.js";
import { publishedReplyText } from "./reply-text.js";
import { createMemoryUserChannels } from "./user-channels.js";

export interface MemoryBusStats {
  channels: number;
  listeners: number;
  bufferedEvents: number;
  dropTimers: number;
}

const sequenceOf = (id: string) => Number(id.split("-")[1]);

interface Channel {
  /** Events of the current reply (and its title/summary news), from `reply_started` on. */
  events: StreamedEvent[];
  /** Between a `reply_started` and its `done`: kept as a flag, since every publish asks. */
  replying: boolean;
  /** Almost always zero or one viewer: an array costs less than a Set and is as quick. */
  listeners: Subscription[];
  dropTimer: NodeJS.Timeout | null;
}

const FINISHED: IteratorResult<StreamedEvent, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * One subscriber's events. A class rather than closures or an async generator: an idle viewer
 * holds it for as long as it watches, and each closure made per subscriber costs a few hundred
 * bytes once named (tsx keeps function names), a suspended generator kilobytes. It is its own
 * abort listener (`handleEvent`). Events buffered when the signal aborts are still delivered;
 * `release` runs once, at the end.
 */
class Subscription implements AsyncIterableIterator<StreamedEvent, undefined> {
  private buffered: StreamedEvent[] | null = null;
  private waiting: ((result: IteratorResult<StreamedEvent, undefined>) => void) | null = null;
  private ended = false;

  constructor(
    private readonly signal: AbortSignal,
    readonly sessionId: number,
    private readonly release: (subscription: Subscription) => void,
  ) {
    // Not `once`: end() removes it anyway, and `once` wraps the listener in one more object.
    signal.addEventListener("abort", this);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next(): Promise<IteratorResult<StreamedEvent, undefined>> {
    const event = this.buffered?.shift();
    if (event) return Promise.resolve({ done: false, value: event });
    return this.ended ? Promise.resolve(FINISHED) : new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<StreamedEvent, undefined>> {
    this.end();
    this.buffered = null;
    return Promise.resolve(FINISHED);
  }

  push(event: StreamedEvent): void {
    if (this.ended) return;
    const deliver = this.waiting;
    if (!deliver) return void (this.buffered ??= []).push(event);
    this.waiting = null;
    deliver({ done: false, value: event });
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.signal.removeEventListener("abort", this);
    this.release(this);
    this.waiting?.(FINISHED);
    this.waiting = null;
  }
}

/**
 * The bus of a single instance. Ids are `<epoch>-<sequence>`: the epoch changes with every
 * process, so an id from before a restart is recognised as unknown and answered with a replay
 * of the whole current reply rather than a wrong slice of it. Memory stays bounded: a
 * channel keeps only its current reply, and is dropped a grace period after the reply ends
 * if nobody is listening.
 */
export function createMemoryEventBus(options: { graceMs?: number } = {}): EventBus & { stats(): MemoryBusStats; userListeners(): number } {
  const users = createMemoryUserChannels();
  const graceMs = options.graceMs ?? 60_000;
  const epoch = randomBytes(4).toString("hex");
  const channels = new Map<number, Channel>();
  // One counter for the whole bus, not one per channel: a channel dropped and made again must
  // not reuse ids, or an id a viewer kept from before the drop would look newer than new events.
  let nextSequence = 1;

  function channel(sessionId: number): Channel {
    let found = channels.get(sessionId);
    if (!found) {
      found = { events: [], replying: false, listeners: [], dropTimer: null };
      channels.set(sessionId, found);
    }
    return found;
  }

  /** What a subscriber that last saw `lastEventId` is missing (see EventBus.subscribe). */
  function backlogAfter(sessionId: number, events: StreamedEvent[], lastEventId: string | null): StreamedEvent[] {
    if (!lastEventId) return events;
    const index = events.findIndex((e) => e.id === lastEventId);
    if (index !== -1) return events.slice(index + 1);
    const [idEpoch, sequence] = lastEventId.split("-");
    const newest = events.at(-1);
    // Up to date: it saw this channel's newest event or later. An empty channel proves nothing
    // (it may have been dropped after a reply the viewer saw only part of): that is a resync.
    if (idEpoch === epoch && newest && Number(sequence) >= sequenceOf(newest.id)) return [];
    if (events.some((e) => e.event.type === "reply_started")) return events;
    return [{ id: newest?.id ?? lastEventId, event: { type: "resync", sessionId } }];
  }

  function scheduleDrop(sessionId: number, found: Channel) {
    if (found.dropTimer) clearTimeout(found.dropTimer);
    found.dropTimer = setTimeout(() => {
      found.dropTimer = null;
      if (found.listeners.length === 0) channels.delete(sessionId);
      else found.events = [];
    }, graceMs);
    found.dropTimer.unref();
  }

  /** A subscription ended: one listener less, and the channel may go once nobody needs it. */
  function release(subscription: Subscription) {
    const found = channels.get(subscription.sessionId);
    if (!found) return;
    const index = found.listeners.indexOf(subscription);
    if (index !== -1) found.listeners.splice(index, 1);
    if (found.listeners.length === 0 && !found.replying) scheduleDrop(subscription.sessionId, found);
  }

  return {
    publishToUser: users.publishToUser,
    subscribeUser: users.subscribeUser,
    userListeners: users.listenerCount,

    async publish(sessionId: number, event: ChatEvent) {
      const found = channel(sessionId);
      if (event.type === "reply_started") {
        // A new reply replaces the previous one's events; conversation news (a title) stays.
        found.events = found.events.filter((e) => e.event.type === "title" || e.event.type === "summary");
        if (found.dropTimer) clearTimeout(found.dropTimer);
        found.dropTimer = null;
        found.replying = true;
      } else if (event.type === "done") {
        found.replying = false;
      }
      const streamed = { id: `${epoch}-${nextSequence++}`, event };
      found.events.push(streamed);
      for (const listener of found.listeners) listener.push(streamed);
      if (!found.replying && found.listeners.length === 0) scheduleDrop(sessionId, found);
      return streamed.id;
    },

    subscribe(sessionId: number, lastEventId: string | null, signal: AbortSignal) {
      const found = channel(sessionId);
      const subscription = new Subscription(signal, sessionId, release);
      // A literal for the first: push() onto an empty array reserves room for 17.
      if (found.listeners.length === 0) found.listeners = [subscription];
      else found.listeners.push(subscription);
      if (found.dropTimer) clearTimeout(found.dropTimer);
      found.dropTimer = null;
      for (const event of backlogAfter(sessionId, found.events, lastEventId)) subscription.push(event);
      // An aborted signal never fires "abort" again.
      if (signal.aborted) void subscription.return();
      return subscription;
    },

    async publishedText(sessionId: number, messageId: number) {
      return publishedReplyText(channels.get(sessionId)?.events ?? [], messageId);
    },

    settle(sessionId: number) {
      const found = channels.get(sessionId);
      if (found && found.listeners.length === 0 && !found.replying) scheduleDrop(sessionId, found);
    },

    async close() {
      for (const found of channels.values()) if (found.dropTimer) clearTimeout(found.dropTimer);
      channels.clear();
    },

    stats() {
      const all = [...channels.values()];
      return {
        channels: all.length,
        listeners: all.reduce((sum, c) => sum + c.listeners.length, 0),
        bufferedEvents: all.reduce((sum, c) => sum + c.events.length, 0),
        dropTimers: all.filter((c) => c.dropTimer !== null).length,
      };
    },
  };
}
