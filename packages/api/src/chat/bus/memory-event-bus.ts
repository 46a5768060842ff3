import { randomBytes } from "node:crypto";
import type { ChatEvent, StreamedEvent } from "../events.js";
import type { EventBus } from "./event-bus.js";

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
  nextSequence: number;
  listeners: Set<(event: StreamedEvent) => void>;
  dropTimer: NodeJS.Timeout | null;
}

/**
 * One subscriber's events: a plain async iterator rather than async generators, because an idle
 * viewer holds its iterator for as long as it watches, and suspended generators (each with its
 * own frame, promise chain and, made per call, its own prototype) cost kilobytes per viewer.
 * Events buffered when `signal` aborts are still delivered; `release` runs once, at the end.
 */
function createSubscription(signal: AbortSignal, release: () => void) {
  const buffered: StreamedEvent[] = [];
  let waiting: ((result: IteratorResult<StreamedEvent, undefined>) => void) | null = null;
  let ended = false;
  const finished: IteratorResult<StreamedEvent, undefined> = { done: true, value: undefined };
  function end() {
    if (ended) return;
    ended = true;
    signal.removeEventListener("abort", end);
    release();
    waiting?.(finished);
    waiting = null;
  }
  signal.addEventListener("abort", end, { once: true });
  const events: AsyncIterableIterator<StreamedEvent, undefined> = {
    [Symbol.asyncIterator]: () => events,
    next() {
      const event = buffered.shift();
      if (event) return Promise.resolve({ done: false, value: event });
      return ended ? Promise.resolve(finished) : new Promise((resolve) => (waiting = resolve));
    },
    return: () => close(),
  };
  function close() {
    end();
    buffered.length = 0;
    return Promise.resolve(finished);
  }
  function push(event: StreamedEvent) {
    if (ended) return;
    if (!waiting) return void buffered.push(event);
    const deliver = waiting;
    waiting = null;
    deliver({ done: false, value: event });
  }
  return { events, push, close };
}

/**
 * The bus of a single instance. Ids are `<epoch>-<sequence>`: the epoch changes with every
 * process, so an id from before a restart is recognised as unknown and answered with a replay
 * of the whole current reply rather than a wrong slice of it. Memory stays bounded: a
 * channel keeps only its current reply, and is dropped a grace period after the reply ends
 * if nobody is listening.
 */
export function createMemoryEventBus(options: { graceMs?: number } = {}): EventBus & { stats(): MemoryBusStats } {
  const graceMs = options.graceMs ?? 60_000;
  const epoch = randomBytes(4).toString("hex");
  const channels = new Map<number, Channel>();

  function channel(sessionId: number): Channel {
    let found = channels.get(sessionId);
    if (!found) {
      found = { events: [], nextSequence: 1, listeners: new Set(), dropTimer: null };
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
    if (idEpoch === epoch && (!newest || Number(sequence) >= sequenceOf(newest.id))) return [];
    if (events.some((e) => e.event.type === "reply_started")) return events;
    return [{ id: newest?.id ?? lastEventId, event: { type: "resync", sessionId } }];
  }

  function replyInProgress(found: Channel): boolean {
    const last = found.events.findLast((e) => e.event.type === "reply_started" || e.event.type === "done");
    return last?.event.type === "reply_started";
  }

  function scheduleDrop(sessionId: number, found: Channel) {
    if (found.dropTimer) clearTimeout(found.dropTimer);
    found.dropTimer = setTimeout(() => {
      found.dropTimer = null;
      if (found.listeners.size === 0) channels.delete(sessionId);
      else found.events = [];
    }, graceMs);
    found.dropTimer.unref();
  }

  return {
    async publish(sessionId: number, event: ChatEvent) {
      const found = channel(sessionId);
      if (event.type === "reply_started") {
        // A new reply replaces the previous one's events; conversation news (a title) stays.
        found.events = found.events.filter((e) => e.event.type === "title" || e.event.type === "summary");
        if (found.dropTimer) clearTimeout(found.dropTimer);
        found.dropTimer = null;
      }
      const streamed = { id: `${epoch}-${found.nextSequence++}`, event };
      found.events.push(streamed);
      for (const listener of found.listeners) listener(streamed);
      if (!replyInProgress(found) && found.listeners.size === 0) scheduleDrop(sessionId, found);
      return streamed.id;
    },

    subscribe(sessionId: number, lastEventId: string | null, signal: AbortSignal) {
      const found = channel(sessionId);
      const subscription = createSubscription(signal, () => {
        found.listeners.delete(subscription.push);
        if (found.listeners.size === 0) scheduleDrop(sessionId, found);
      });
      found.listeners.add(subscription.push);
      if (found.dropTimer) clearTimeout(found.dropTimer);
      for (const event of backlogAfter(sessionId, found.events, lastEventId)) subscription.push(event);
      // An aborted signal never fires "abort" again.
      if (signal.aborted) void subscription.close();
      return subscription.events;
    },

    settle(sessionId: number) {
      const found = channels.get(sessionId);
      if (found && found.listeners.size === 0 && !replyInProgress(found)) scheduleDrop(sessionId, found);
    },

    async close() {
      for (const found of channels.values()) if (found.dropTimer) clearTimeout(found.dropTimer);
      channels.clear();
    },

    stats() {
      const all = [...channels.values()];
      return {
        channels: all.length,
        listeners: all.reduce((sum, c) => sum + c.listeners.size, 0),
        bufferedEvents: all.reduce((sum, c) => sum + c.events.length, 0),
        dropTimers: all.filter((c) => c.dropTimer !== null).length,
      };
    },
  };
}
