import { setTimeout as sleep } from "node:timers/promises";
import { closeConnections, openConnections, type Target } from "./processes.js";
import type { MemoryReading } from "./server-api.js";
import type { StreamConnection } from "./stream-tracker.js";

export interface IdleMemory {
  connections: number;
  /**
   * Bytes of server RSS per idle subscribed connection: RSS growth, or the growth of the live
   * heap and external memory when that is larger (see measureIdleConnections).
   */
  rssPerConnection: number;
  /** RSS growth alone, per connection. */
  rssGrowthPerConnection: number;
  heapPerConnection: number;
}

/** RSS moving by less than this between two settled readings counts as still. */
const STILL_BYTES = 256 * 1024;

/**
 * A memory reading once two consecutive settled readings, a second apart, agree: V8 hands
 * freed pages back on a timer of its own, and one reading that looked settled was followed by
 * RSS dropping 22 MB while connections were being opened.
 */
async function stillMemory(target: Target): Promise<MemoryReading> {
  let reading = await target.server.call("memory");
  for (let attempt = 0; attempt < 5; attempt++) {
    await sleep(1_000);
    const next = await target.server.call("memory");
    const still = Math.abs(next.rss - reading.rss) < STILL_BYTES;
    reading = next;
    if (still) break;
  }
  return reading;
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
 *
 * RSS growth alone is not a fair reading: after a full collection V8 keeps free space inside
 * its heap pages, resident already, and new connections fill it before RSS grows at all. In the
 * bare server V8's old space held 2.6 MB free (v8.getHeapSpaceStatistics): its first ~650 of
 * 1,000 connections cost no RSS, and its RSS growth came out at 0.4–2.4 KiB per connection
 * against a steady 3 KiB of live heap. A server whose connections cost less gets more of its
 * cost hidden. So each side is charged at least the live heap and external memory its
 * connections added, which is resident memory however the pages happen to be shared out.
 */
export async function measureIdleConnections(target: Target, from: number, count: number): Promise<IdleMemory> {
  const before = await stillMemory(target);
  const opened = await openSubscribed(target, from, count);
  const after = await stillMemory(target);
  await closeConnections(opened);
  const rssGrowth = (after.rss - before.rss) / count;
  const heapGrowth = (after.heapUsed + after.external - before.heapUsed - before.external) / count;
  return {
    connections: count,
    rssPerConnection: Math.max(rssGrowth, heapGrowth),
    rssGrowthPerConnection: rssGrowth,
    heapPerConnection: heapGrowth,
  };
}
