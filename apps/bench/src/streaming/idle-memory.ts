import { setTimeout as sleep } from "node:timers/promises";
import { closeConnections, openConnections, type Target } from "./processes.js";
import type { StreamConnection } from "./stream-tracker.js";

export interface IdleMemory {
  connections: number;
  /** Bytes of server RSS per idle subscribed connection. */
  rssPerConnection: number;
  heapPerConnection: number;
}

async function waitForSubscribers(target: Target, count: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    if ((await target.server.call("subscribers")) >= count) return;
    await sleep(50);
  }
  throw new Error(`${target.label}: fewer than ${count} subscriptions after 30 s`);
}

/** Opens connections `from`…, each subscribed to its own conversation, and waits until the server has them all. */
export async function openSubscribed(target: Target, from: number, count: number): Promise<StreamConnection[]> {
  const already = await target.server.call("subscribers");
  const opened = await openConnections(target, from, count);
  await waitForSubscribers(target, already + count);
  return opened;
}

/**
 * Server memory (after full collections) before and after opening `count` more connections,
 * each subscribed to its own conversation and left idle: the difference over `count`. Measured
 * on a process that already holds as many: the first thousand connections of a fresh process
 * also pay for the heap's and the allocator's first growth, which swings RSS by ±10 MB.
 */
export async function measureIdleConnections(target: Target, from: number, count: number): Promise<IdleMemory> {
  const before = await target.server.call("memory");
  const opened = await openSubscribed(target, from, count);
  const after = await target.server.call("memory");
  await closeConnections(opened);
  return {
    connections: count,
    rssPerConnection: (after.rss - before.rss) / count,
    heapPerConnection: (after.heapUsed + after.external - before.heapUsed - before.external) / count,
  };
}
