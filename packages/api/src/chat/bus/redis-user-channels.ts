import type { AccountEvent } from "../../sync/account-events.js";
import type { RedisClient } from "./redis-connection.js";
import { createListenerRegistry, type UserChannels } from "./user-channels.js";

/**
 * A user's channel over Redis sharded pub/sub (`SPUBLISH`/`SSUBSCRIBE`; the `{u:<id>}` hash
 * tag puts it on one master of a cluster). An instance subscribes to a user's channel while one
 * of its sockets follows that user, so it receives only news of its own viewers. Shares the
 * bus's connections: `redis` publishes, `subscriber` listens.
 */
export function createRedisUserChannels(
  connections: { redis: RedisClient; subscriber: RedisClient },
  namespace: string,
): UserChannels & { owns(channel: string): boolean; listenerCount(): number } {
  const { redis, subscriber } = connections;
  const prefix = `${namespace}:user:`;
  const channelOf = (userId: string) => `${prefix}{u:${userId}}`;
  const registry = createListenerRegistry({
    first: async (channel) => void (await subscriber.ssubscribe(channel)),
    last: (channel) => void subscriber.sunsubscribe(channel).catch(() => undefined),
  });

  subscriber.on("smessage", (channel: string, message: string) => {
    if (registry.has(channel)) registry.deliver(channel, JSON.parse(message) as AccountEvent);
  });
  // Pub/sub delivers nothing while disconnected and these events are not stored: after a
  // reconnect every subscriber here is told to refetch.
  let connectedBefore = false;
  subscriber.on("ready", () => {
    if (connectedBefore) registry.deliverToAll({ type: "resync" });
    connectedBefore = true;
  });

  return {
    async publishToUser(userId, event) {
      await redis.spublish(channelOf(userId), JSON.stringify(event));
    },
    subscribeUser: (userId, signal) => registry.subscribe(channelOf(userId), signal),
    owns: (channel) => channel.startsWith(prefix),
    listenerCount: registry.size,
  };
}
