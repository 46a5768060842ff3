import { randomUUID } from "node:crypto";
import type { Coordination } from "./coordination.js";
import { ExpiringMap } from "./expiring-map.js";

/** A single instance: everything it must agree on is in its own memory. */
export function createLocalCoordination(): Coordination {
  const held = new Set<number>();
  const claims = new ExpiringMap<true>();
  const windows = new ExpiringMap<{ count: number; resetAt: number }>();
  const stopHandlers: Array<(sessionId: number) => boolean> = [];
  const runHandlers = new Set<(runId: number) => void>();

  return {
    instanceId: randomUUID(),
    holdReply(messageId) {
      held.add(messageId);
      return async () => void held.delete(messageId);
    },
    heldReplies: async (messageIds) => new Set(messageIds.filter((id) => held.has(id))),
    async requestStop(sessionId) {
      // Every handler is asked (not `some`, which would stop at the first).
      return stopHandlers.map((handler) => handler(sessionId)).includes(true);
    },
    onStopRequest: (handler) => void stopHandlers.push(handler),
    async announceRunChange(runId) {
      for (const handler of runHandlers) handler(runId);
    },
    onRunChange(handler) {
      runHandlers.add(handler);
      return () => void runHandlers.delete(handler);
    },
    async claimOnce(key, ttlMs) {
      const now = Date.now();
      if (claims.get(key, now)) return false;
      claims.set(key, true, now + ttlMs, now);
      return true;
    },
    async hit(key, limit, windowMs) {
      const now = Date.now();
      const window = windows.get(key, now) ?? { count: 0, resetAt: now + windowMs };
      window.count++;
      windows.set(key, window, window.resetAt, now);
      return { allowed: window.count <= limit, retryAfterMs: window.count <= limit ? 0 : window.resetAt - now };
    },
    forgetHits: async (key) => windows.delete(key),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
