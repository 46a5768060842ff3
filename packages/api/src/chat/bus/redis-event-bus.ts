import { Redis } from "ioredis";
import type { ChatEvent, StreamedEvent } from "../events.js";
import { createAsyncQueue } from "./async-queue.js";
import type { EventBus } from "./event-bus.js";
import { compareStreamIds, isStreamId } from "./redis-ids.js";

// One round trip, atomically: append the event to the conversation's stream (its id is the
// event id), move the "current reply starts here" pointer on reply_started (trimming older
// replies), let the stream expire a grace period after `done`, and tell live subscribers.
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[1])
if ARGV[2] == 'start' then
  redis.call('XTRIM', KEYS[1], 'MINID', id)
  redis.call('SET', KEYS[2], id)
  redis.call('PERSIST', KEYS[1])
elseif ARGV[2] == 'done' then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
redis.call('PUBLISH', KEYS[3], id .. '|' .. ARGV[1])
return id`;

type PublishScript = (
  stream: string,
  start: string,
  channel: string,
  payload: string,
  kind: "start" | "done" | "other",
  graceSeconds: number,
  maxEvents: number,
) => Promise<string>;

const keysIn = (namespace: string) => (sessionId: number) => ({
  stream: `${namespace}:chat:${sessionId}:events`,
  start: `${namespace}:chat:${sessionId}:start`,
  channel: `${namespace}:chat:${sessionId}:live`,
});

type Entry = [id: string, fields: string[]];
const toStreamed = ([id, fields]: Entry): StreamedEvent => ({ id, event: JSON.parse(fields[1] ?? "null") as ChatEvent });

export interface RedisEventBusOptions {
  url: string;
  /** Prefix of every key and channel, so deployments can share one Redis. Default "parley". */
  namespace?: string;
  graceSeconds?: number;
  maxEventsPerConversation?: number;
}

/**
 * The bus shared by several instances: each conversation is a Redis stream (ids are stream
 * ids), live delivery goes through pub/sub, and a subscriber reads the backlog with XRANGE
 * after registering for live events, dropping anything at or before what it already yielded.
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus & { redis: Redis } {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2, autoResendUnfulfilledCommands: false });
  // A defined command runs by EVALSHA (falling back to EVAL after NOSCRIPT, e.g. a restarted
  // Redis): the script's ~430 bytes are not resent with every event.
  redis.defineCommand("parleyPublish", { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
  const publishScript = (redis as unknown as { parleyPublish: PublishScript }).parleyPublish.bind(redis);
  const subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
  const graceSeconds = options.graceSeconds ?? 60;
  const keys = keysIn(options.namespace ?? "parley");
  const maxEvents = options.maxEventsPerConversation ?? 20_000;
  const listeners = new Map<string, Set<(event: StreamedEvent) => void>>();
  const catchUps = new Set<() => Promise<void>>();
  redis.on("error", () => undefined);
  subscriber.on("error", () => undefined);

  subscriber.on("message", (channel: string, message: string) => {
    const split = message.indexOf("|");
    const streamed = { id: message.slice(0, split), event: JSON.parse(message.slice(split + 1)) as ChatEvent };
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
      await subscriber.subscribe(channel);
    }
    set.add(listener);
  }

  async function unlisten(channel: string, listener: (event: StreamedEvent) => void) {
    const set = listeners.get(channel);
    set?.delete(listener);
    if (set && set.size === 0) {
      listeners.delete(channel);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }

  return {
    redis,
    async publish(sessionId: number, event: ChatEvent) {
      const { stream, start, channel } = keys(sessionId);
      const kind = event.type === "reply_started" ? "start" : event.type === "done" ? "done" : "other";
      const payload = JSON.stringify(event);
      return publishScript(stream, start, channel, payload, kind, graceSeconds, maxEvents);
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

    settle() {
      // Expiry is set by the publish script when `done` is written.
    },

    async close() {
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
