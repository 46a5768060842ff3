import { setTimeout as sleep } from "node:timers/promises";
import { closeConnections, openConnections, type Target } from "./processes.js";
import type { MemoryReading } from "./server-api.js";
import type { StreamConnection } from "./stream-tracker.js";

export interface IdleMemory {
  connections: number;
  /** Bytes charged per idle subscribed connection: RSS growth less heap slack growth (see measureIdleConnections). */
  rssPerConnection: number;
  /** RSS growth alone, per connection. */
  rssGrowthPerConnection: number;
  /** Growth of V8's resident but unused memory (MemoryReading.heapSlack), per connection. */
  slackGrowthPerConnection: number;
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
 * Each side is charged its RSS growth less the growth of V8's heap slack: resident memory V8
 * holds that no live object uses. RSS alone swung both ways by 20–40 MB at random: V8 uncommits
 * half the young generation when allocation is slow and recommits it later (+33 MB), and frees
 * pooled pages on a timer of its own (−22 MB); and free space already resident in old space hid
 * the first ~650 of 1,000 bare connections. What is charged equals the live heap growth plus
 * all resident growth outside V8's pages (external buffers, sockets' native memory, malloc).
 */
export async function measureIdleConnections(target: Target, from: number, count: number): Promise<IdleMemory> {
  const before = await stillMemory(target);
  const opened = await openSubscribed(target, from, count);
  const after = await stillMemory(target);
  await closeConnections(opened);
  const rssGrowth = (after.rss - before.rss) / count;
  const slackGrowth = (after.heapSlack - before.heapSlack) / count;
  return {
    connections: count,
    rssPerConnection: rssGrowth - slackGrowth,
    rssGrowthPerConnection: rssGrowth,
    slackGrowthPerConnection: slackGrowth,
    heapPerConnection: (after.heapUsed + after.external - before.heapUsed - before.external) / count,
  };
}
