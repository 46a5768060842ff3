import { randomBytes } from "node:crypto";
import type { ChatEvent, StreamedEvent } from "../events.js";
import { createAsyncQueue } from "./async-queue.js";
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
      const queue = createAsyncQueue<StreamedEvent>(signal);
      const listener = (event: StreamedEvent) => queue.push(event);
      found.listeners.add(listener);
      if (found.dropTimer) clearTimeout(found.dropTimer);
      for (const event of backlogAfter(sessionId, found.events, lastEventId)) queue.push(event);
      return (async function* () {
        try {
          yield* queue.iterate();
        } finally {
          found.listeners.delete(listener);
          if (found.listeners.size === 0) scheduleDrop(sessionId, found);
        }
      })();
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
