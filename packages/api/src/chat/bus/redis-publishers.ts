import type { RedisClient } from "./redis-connection.js";
import { masterOf } from "./redis-connection.js";
import { conversationKeys } from "./redis-keys.js";

/**
 * How events reach Redis. `batched`: one script call per master carries every event waiting
 * (usually one frame's worth of deltas of all conversations this instance writes), and the
 * next call leaves when the previous one returns. `per-event`: one script call per event, as
 * before; kept so `pnpm bench paced` can compare both in one run.
 */
export type RedisPublishMode = "batched" | "per-event";

export type EventKind = "start" | "done" | "other";
export interface PublishRequest {
  sessionId: number;
  kind: EventKind;
  payload: string;
}

export interface PublishSettings {
  namespace: string;
  graceSeconds: number;
  maxEvents: number;
}

// Per event, in one step: append it to its conversation's stream (its id is the event id),
// move the "current reply starts here" pointer on reply_started (trimming older replies), let
// the stream expire a grace period after `done`, and tell live subscribers.
const EVENT_STEP = `
local function publishOne(base, kind, payload, grace, maxEvents)
  local stream = base .. 'events'
  local id = redis.call('XADD', stream, 'MAXLEN', '~', maxEvents, '*', 'e', payload)
  if kind == 'start' then
    redis.call('XTRIM', stream, 'MINID', id)
    redis.call('SET', base .. 'start', id)
    redis.call('PERSIST', stream)
  elseif kind == 'done' then
    redis.call('EXPIRE', stream, grace)
    redis.call('EXPIRE', base .. 'start', grace)
  end
  redis.call('SPUBLISH', base .. 'live', id .. '|' .. payload)
  return id
end`;

// KEYS[1] only routes the call (a cluster checks declared keys share a slot); the
// conversations are named in ARGV, which the flag allows as long as this master holds them.
const BATCH_SCRIPT = `#!lua flags=allow-cross-slot-keys
${EVENT_STEP}
local namespace, grace, maxEvents = ARGV[1], ARGV[2], ARGV[3]
local ids = {}
for i = 4, #ARGV, 3 do
  ids[#ids + 1] = publishOne(namespace .. ':{' .. ARGV[i] .. '}:', ARGV[i + 1], ARGV[i + 2], grace, maxEvents)
end
return ids`;

const SINGLE_SCRIPT = `${EVENT_STEP}
return publishOne(ARGV[1] .. ':{' .. ARGV[2] .. '}:', ARGV[3], ARGV[4], ARGV[5], ARGV[6])`;

/** Events in one call at most: a call runs alone in Redis, so it must stay short. */
const MAX_BATCH = 500;

type ScriptCall = (routingKey: string, ...args: Array<string | number>) => Promise<unknown>;

// ioredis runs a defined command by EVALSHA and falls back to EVAL after NOSCRIPT (a restarted
// Redis): the script is not resent with every call, and NOSCRIPT means it did not run.
function defineScript(redis: RedisClient, name: string, lua: string): ScriptCall {
  redis.defineCommand(name, { numberOfKeys: 1, lua });
  const command = (redis as unknown as Record<string, ScriptCall>)[name];
  if (!command) throw new Error(`defining the ${name} script failed`);
  return command.bind(redis);
}

export function createPublisher(redis: RedisClient, mode: RedisPublishMode, settings: PublishSettings) {
  return mode === "batched" ? createBatchedPublisher(redis, settings) : createPerEventPublisher(redis, settings);
}

function createPerEventPublisher(redis: RedisClient, settings: PublishSettings) {
  const call = defineScript(redis, "parleyPublishOne", SINGLE_SCRIPT);
  const { namespace, graceSeconds, maxEvents } = settings;
  return {
    publish: ({ sessionId, kind, payload }: PublishRequest) =>
      call(conversationKeys(namespace, sessionId).stream, namespace, sessionId, kind, payload, graceSeconds, maxEvents) as Promise<string>,
    close: () => undefined,
  };
}

interface Waiting extends PublishRequest {
  resolve(id: string): void;
  reject(error: unknown): void;
}

/**
 * Events queue per master; one call per master is in flight at a time. What arrives while it
 * is out leaves with the next call, so the batch grows with the load by itself, and each
 * conversation's events keep their order (queues are FIFO, calls per master sequential).
 */
function createBatchedPublisher(redis: RedisClient, settings: PublishSettings) {
  const call = defineScript(redis, "parleyPublishBatch", BATCH_SCRIPT);
  const { namespace, graceSeconds, maxEvents } = settings;
  // One queue per master, kept: there are few (a slot's key stands in before the map is known).
  const queues = new Map<string, Waiting[]>();
  const busy = new Set<string>();

  async function send(master: string, queue: Waiting[]) {
    const batch = queue.splice(0, MAX_BATCH);
    const first = batch[0];
    if (!first) return;
    busy.add(master);
    const args = batch.flatMap(({ sessionId, kind, payload }) => [sessionId, kind, payload]);
    try {
      const ids = (await call(
        conversationKeys(namespace, first.sessionId).stream,
        namespace,
        graceSeconds,
        maxEvents,
        ...args,
      )) as string[];
      batch.forEach((waiting, index) => waiting.resolve(ids[index] ?? ""));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      busy.delete(master);
      void send(master, queue);
    }
  }

  return {
    publish(request: PublishRequest): Promise<string> {
      const master = masterOf(redis, conversationKeys(namespace, request.sessionId).stream);
      let queue = queues.get(master);
      if (!queue) queues.set(master, (queue = []));
      const queued = queue;
      return new Promise<string>((resolve, reject) => {
        queued.push({ ...request, resolve, reject });
        // Gathers everything published in this turn of the event loop (a frame's deltas).
        if (queued.length === 1 && !busy.has(master)) setImmediate(() => !busy.has(master) && void send(master, queued));
      });
    },
    close() {
      for (const queue of queues.values()) for (const waiting of queue.splice(0)) waiting.reject(new Error("the event bus is closed"));
    },
  };
}
