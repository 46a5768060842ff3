import { randomUUID } from "node:crypto";
import { connectRedis, type RedisTarget } from "../chat/bus/redis-connection.js";
import type { Coordination } from "./coordination.js";

// Let go of a lease only if it is still ours (it may have expired and been taken over).
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// A fixed window: the first hit starts it, later hits count; returns count and time left.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/**
 * Several instances over one Redis. A reply's lease lasts `leaseMs` and is renewed three
 * times as often, so an instance that dies gives its replies up within `leaseMs`.
 */
export function createRedisCoordination(target: RedisTarget, options: { leaseMs?: number; namespace?: string } = {}): Coordination {
  const leaseMs = options.leaseMs ?? 15_000;
  const namespace = options.namespace ?? "parley";
  const controlChannel = `${namespace}:control`;
  const leaseKey = (messageId: number) => `${namespace}:reply:${messageId}:owner`;
  const instanceId = randomUUID();
  const redis = connectRedis(target, "commands");
  const subscriber = connectRedis(target, "subscriber");
  redis.on("error", () => undefined);
  subscriber.on("error", () => undefined);
  const stopHandlers: Array<(sessionId: number) => boolean> = [];
  const runHandlers = new Set<(runId: number) => void>();
  // Stop requests of this instance waiting for their writer's acknowledgement, by request id.
  const awaitingAck = new Map<string, () => void>();
  void subscriber.subscribe(controlChannel).catch(() => undefined);
  subscriber.on("message", (_channel: string, message: string) => {
    const request = JSON.parse(message) as { type: string; sessionId?: number; runId?: number; requestId?: string };
    if (request.type === "stop" && request.sessionId !== undefined) {
      const sessionId = request.sessionId;
      const writesIt = stopHandlers.map((handler) => handler(sessionId)).includes(true);
      if (writesIt && request.requestId) {
        void redis.publish(controlChannel, JSON.stringify({ type: "stop_ack", requestId: request.requestId })).catch(() => undefined);
      }
    }
    if (request.type === "stop_ack" && request.requestId) awaitingAck.get(request.requestId)?.();
    if (request.type === "run" && request.runId !== undefined) for (const handler of runHandlers) handler(request.runId);
  });

  return {
    instanceId,
    holdReply(messageId) {
      const key = leaseKey(messageId);
      const renew = () => redis.set(key, instanceId, "PX", leaseMs).catch(() => undefined);
      void renew();
      const timer = setInterval(renew, Math.floor(leaseMs / 3));
      timer.unref();
      return async () => {
        clearInterval(timer);
        await redis.eval(RELEASE_SCRIPT, 1, key, instanceId).catch(() => undefined);
      };
    },
    async heldReplies(messageIds) {
      if (!messageIds.length) return new Set();
      // One GET per lease rather than MGET: on a cluster the leases live on different masters.
      const owners = await Promise.all(messageIds.map((messageId) => redis.get(leaseKey(messageId))));
      return new Set(messageIds.filter((_, index) => owners[index] !== null));
    },
    async requestStop(sessionId, ackWaitMs) {
      const requestId = randomUUID();
      const acknowledged = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ackWaitMs);
        awaitingAck.set(requestId, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      try {
        await redis.publish(controlChannel, JSON.stringify({ type: "stop", sessionId, requestId }));
        return await acknowledged;
      } finally {
        awaitingAck.delete(requestId);
      }
    },
    onStopRequest: (handler) => void stopHandlers.push(handler),
    async announceRunChange(runId) {
      await redis.publish(controlChannel, JSON.stringify({ type: "run", runId }));
    },
    onRunChange(handler) {
      runHandlers.add(handler);
      return () => void runHandlers.delete(handler);
    },
    async claimOnce(key, ttlMs) {
      return (await redis.set(`${namespace}:once:${key}`, instanceId, "PX", ttlMs, "NX")) === "OK";
    },
    async hit(key, limit, windowMs) {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, `${namespace}:rate:${key}`, windowMs)) as [number, number];
      return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : Math.max(ttl, 0) };
    },
    async forgetHits(key) {
      await redis.del(`${namespace}:rate:${key}`);
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
