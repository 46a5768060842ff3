import { createRequire } from "node:module";
import { Cluster, Redis } from "ioredis";

/** A plain Redis connection or a Redis Cluster client: the bus and coordination use either. */
export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  url: string;
  /** `url` is one node of a Redis Cluster: conversations are sharded over its masters. */
  cluster?: boolean;
}

// ioredis's own slot function (the same one its Cluster routes by), without a second copy.
const calculateSlot = createRequire(createRequire(import.meta.url).resolve("ioredis"))("cluster-key-slot") as (key: string) => number;

/**
 * Opens a connection for commands (`subscriber: false`) or for sharded pub/sub. A command that
 * fails while disconnected is not resent later: the caller decides, since a resent event
 * could arrive after newer ones.
 */
export function connectRedis(target: RedisTarget, role: "commands" | "subscriber"): RedisClient {
  const forCommands = role === "commands";
  const options = forCommands ? { maxRetriesPerRequest: 2, autoResendUnfulfilledCommands: false } : { maxRetriesPerRequest: null };
  if (!target.cluster) return new Redis(target.url, options);
  const { hostname, port } = new URL(target.url);
  return new Cluster([{ host: hostname, port: Number(port || 6379) }], {
    redisOptions: options,
    shardedSubscribers: !forCommands,
  });
}

/**
 * Which master serves `key`, as far as the client knows: commands for keys of one master can
 * travel in one script call. A plain Redis is one master; a cluster whose slot map is not known
 * yet answers with the key's own slot, so nothing is ever grouped wrongly.
 */
export function masterOf(client: RedisClient, key: string): string {
  if (!(client instanceof Cluster)) return "single";
  const slot = calculateSlot(key);
  return client.slots[slot]?.[0] ?? `slot:${slot}`;
}
