import type { ChatEvent, StreamedEvent } from "../events.js";
import { createAsyncQueue } from "./async-queue.js";
import type { EventBus } from "./event-bus.js";
import { connectRedis, type RedisClient, type RedisTarget } from "./redis-connection.js";
import { compareStreamIds, isStreamId } from "./redis-ids.js";
import { conversationKeys } from "./redis-keys.js";
import { publishedReplyText } from "./reply-text.js";
import { createPublisher, type RedisPublishMode } from "./redis-publishers.js";
import { createRedisUserChannels } from "./redis-user-channels.js";

type Entry = [id: string, fields: string[]];
const toStreamed = ([id, fields]: Entry): StreamedEvent => ({ id, event: JSON.parse(fields[1] ?? "null") as ChatEvent });

export interface RedisEventBusOptions extends RedisTarget {
  /** Default `batched`; `per-event` is the former one-call-per-event path (for comparison). */
  publishMode?: RedisPublishMode;
  /** Prefix of every key and channel, so deployments can share one Redis. Default "parley". */
  namespace?: string;
  graceSeconds?: number;
  maxEventsPerConversation?: number;
  /** Told how long each publish took and how old each live event was on arrival (/metrics). */
  observer?: BusObserver;
}

export interface BusObserver {
  /** A publish was acknowledged by Redis `ms` after it was asked for (queueing included). */
  published(ms: number): void;
  /**
   * A live event reached this instance `ms` after Redis stamped it (its stream id's time), so
   * the figure is exact when Redis and this host share a clock, and skewed by their offset otherwise.
   */
  delivered(ms: number): void;
}

/**
 * The bus shared by several instances: each conversation is a Redis stream (ids are stream
 * ids), live delivery goes through pub/sub, and a subscriber reads the backlog with XRANGE
 * after registering for live events, dropping anything at or before what it already yielded.
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus & { redis: RedisClient; userListeners(): number } {
  const redis = connectRedis(options, "commands");
  const subscriber = connectRedis(options, "subscriber");
  const namespace = options.namespace ?? "parley";
  const keys = (sessionId: number) => conversationKeys(namespace, sessionId);
  const publisher = createPublisher(redis, options.publishMode ?? "batched", {
    namespace,
    graceSeconds: options.graceSeconds ?? 60,
    maxEvents: options.maxEventsPerConversation ?? 20_000,
  });
  const listeners = new Map<string, Set<(event: StreamedEvent) => void>>();
  const catchUps = new Set<() => Promise<void>>();
  const users = createRedisUserChannels({ redis, subscriber }, namespace);
  redis.on("error", () => undefined);
  subscriber.on("error", () => undefined);

  subscriber.on("smessage", (channel: string, message: string) => {
    // Users' channels share the connection; they have their own handler.
    if (users.owns(channel)) return;
    const split = message.indexOf("|");
    const streamed = { id: message.slice(0, split), event: JSON.parse(message.slice(split + 1)) as ChatEvent };
    options.observer?.delivered(Date.now() - Number(streamed.id.slice(0, streamed.id.indexOf("-"))));
    for (const listener of listeners.get(channel) ?? []) listener(streamed);
  });
  // Pub/sub delivers nothing while disconnected: after a reconnect, every subscription reads
  // what it missed from the stream itself.
  let connectedBefore = false;
  subscriber.on("ready", () => {
    if (connectedBefore) for (const catchUp of catchUps) void catchUp();
    connectedBefore = true;
  });

  async function backlog(sessionId: number, lastEventId: string | null): Promise<StreamedEvent[]> {
    const { stream, start } = keys(sessionId);
    // An id Redis cannot use (out of range, garbage) is treated as no id: the current reply from its start.
    if (lastEventId && !isStreamId(lastEventId)) lastEventId = null;
    if (lastEventId) {
      const known = (await redis.xrange(stream, lastEventId, lastEventId)) as Entry[];
      if (known.length) return ((await redis.xrange(stream, `(${lastEventId}`, "+")) as Entry[]).map(toStreamed);
    }
    const from = await redis.get(start);
    const entries = from ? ((await redis.xrange(stream, from, "+")) as Entry[]) : [];
    if (entries.length || !lastEventId) return entries.map(toStreamed);
    return [{ id: lastEventId, event: { type: "resync", sessionId } }];
  }

  async function listen(channel: string, listener: (event: StreamedEvent) => void) {
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
      await subscriber.ssubscribe(channel);
    }
    set.add(listener);
  }

  async function unlisten(channel: string, listener: (event: StreamedEvent) => void) {
    const set = listeners.get(channel);
    set?.delete(listener);
    if (set && set.size === 0) {
      listeners.delete(channel);
      await subscriber.sunsubscribe(channel).catch(() => undefined);
    }
  }

  return {
    redis,
    publishToUser: users.publishToUser,
    subscribeUser: users.subscribeUser,
    userListeners: users.listenerCount,
    async publish(sessionId: number, event: ChatEvent) {
      const kind = event.type === "reply_started" ? "start" : event.type === "done" ? "done" : "other";
      const observer = options.observer;
      if (!observer) return publisher.publish({ sessionId, kind, payload: JSON.stringify(event) });
      const asked = performance.now();
      const id = await publisher.publish({ sessionId, kind, payload: JSON.stringify(event) });
      observer.published(performance.now() - asked);
      return id;
    },

    subscribe(sessionId: number, lastEventId: string | null, signal: AbortSignal) {
      const { stream, channel } = keys(sessionId);
      const queue = createAsyncQueue<StreamedEvent>(signal);
      let lastDelivered: string | null = null;
      let live: StreamedEvent[] | null = [];
      // Set by a pub/sub reconnect: live messages may have been missed meanwhile.
      let suspectGap = false;
      let processing: Promise<void> = Promise.resolve();
      const deliver = (streamed: StreamedEvent) => {
        if (lastDelivered && streamed.event.type !== "resync" && compareStreamIds(streamed.id, lastDelivered) <= 0) return;
        lastDelivered = streamed.id;
        queue.push(streamed);
      };
      const fill = async (until: string) => {
        if (!lastDelivered) return;
        const missed = (await redis.xrange(stream, `(${lastDelivered}`, until).catch(() => [])) as Entry[];
        missed.map(toStreamed).forEach(deliver);
      };
      // Before a `done`, and before the first live event after a reconnect, whatever the
      // stream holds in between is delivered first: pub/sub alone may have lost some of it.
      const handleLive = async (streamed: StreamedEvent) => {
        if (suspectGap || streamed.event.type === "done") {
          suspectGap = false;
          await fill(`(${streamed.id}`);
        }
        deliver(streamed);
      };
      const listener = (streamed: StreamedEvent) => {
        if (live) live.push(streamed);
        else processing = processing.then(() => handleLive(streamed));
      };
      const catchUp = async () => {
        suspectGap = true;
        processing = processing.then(() => fill("+"));
      };
      return (async function* () {
        try {
          await listen(channel, listener);
          catchUps.add(catchUp);
          (await backlog(sessionId, lastEventId)).forEach(deliver);
          const arrived = live ?? [];
          live = null;
          // Chained like later live events, so they are handled strictly after these.
          processing = processing.then(async () => {
            for (const streamed of arrived) await handleLive(streamed);
          });
          yield* queue.iterate();
        } finally {
          catchUps.delete(catchUp);
          await unlisten(channel, listener);
        }
      })();
    },

    async publishedText(sessionId: number, messageId: number) {
      const { stream, start } = keys(sessionId);
      const from = await redis.get(start);
      if (!from) return null;
      return publishedReplyText(((await redis.xrange(stream, from, "+")) as Entry[]).map(toStreamed), messageId);
    },

    settle() {
      // Expiry is set by the publish script when `done` is written.
    },

    async close() {
      publisher.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
