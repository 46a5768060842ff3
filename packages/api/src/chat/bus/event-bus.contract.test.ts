import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisCluster, type RedisCluster } from "../../testing/redis-cluster.js";
import type { ChatEvent, StreamedEvent } from "../events.js";
import type { EventBus } from "./event-bus.js";
import { createMemoryEventBus } from "./memory-event-bus.js";
import { testRedisUrl } from "@parley/db/testing";
import { createRedisEventBus, type RedisEventBusOptions } from "./redis-event-bus.js";
import { conversationKeys } from "./redis-keys.js";

const REDIS_URL = testRedisUrl;
const buses: EventBus[] = [];
let cluster: RedisCluster | null = null;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
});
afterAll(async () => {
  for (const bus of buses) await bus.close();
  cluster?.stop();
});

/** A conversation id no other test (or test run) uses, since Redis is shared. */
const freshSession = () => 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

function take(bus: EventBus, sessionId: number, lastEventId: string | null, count: number) {
  const controller = new AbortController();
  return (async () => {
    const events: StreamedEvent[] = [];
    for await (const event of bus.subscribe(sessionId, lastEventId, controller.signal)) {
      events.push(event);
      if (events.length === count) controller.abort();
    }
    return events;
  })();
}

const started = (messageId: number): ChatEvent => ({ type: "reply_started", messageId, userMessageId: null, aiModel: "m", offline: true });
const delta = (messageId: number, text: string): ChatEvent => ({ type: "delta", messageId, text });
const done = (messageId: number): ChatEvent => ({
  type: "done",
  messageId,
  status: "complete",
  usage: null,
  error: null,
  contentLength: 0,
});

// `publisher` writes, `viewer` reads: the same bus for one instance, two for two instances.
const setups: Array<[string, () => { publisher: EventBus; viewer: EventBus }]> = [
  [
    "in-process",
    () => {
      const bus = createMemoryEventBus();
      buses.push(bus);
      return { publisher: bus, viewer: bus };
    },
  ],
  ["Redis, two instances, batched", () => twoInstances({ url: REDIS_URL })],
  ["Redis, two instances, one call per event", () => twoInstances({ url: REDIS_URL, publishMode: "per-event" })],
  ["Redis Cluster of 3 masters, two instances", () => twoInstances({ url: cluster?.url ?? "", cluster: true })],
];

function twoInstances(options: RedisEventBusOptions) {
  const publisher = createRedisEventBus(options);
  const viewer = createRedisEventBus(options);
  buses.push(publisher, viewer);
  return { publisher, viewer };
}

describe.each(setups)("event bus: %s", (_name, setup) => {
  it("delivers live events in order", async () => {
    const { publisher, viewer } = setup();
    const sessionId = freshSession();
    const receiving = take(viewer, sessionId, null, 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const event of [started(1), delta(1, "a"), delta(1, "b")]) await publisher.publish(sessionId, event);
    expect((await receiving).map((e) => e.event)).toEqual([started(1), delta(1, "a"), delta(1, "b")]);
  });

  it("resumes after lastEventId with exactly the missed events", async () => {
    const { publisher, viewer } = setup();
    const sessionId = freshSession();
    const ids: string[] = [];
    for (const event of [started(1), delta(1, "a"), delta(1, "b"), delta(1, "c"), done(1)]) {
      ids.push(await publisher.publish(sessionId, event));
    }
    const rest = await take(viewer, sessionId, ids[1] ?? null, 3);
    expect(rest.map((e) => e.id)).toEqual(ids.slice(2));
    expect(rest.map((e) => e.event.type)).toEqual(["delta", "delta", "done"]);
  });

  it("gives a subscriber without lastEventId the current reply from its start", async () => {
    const { publisher, viewer } = setup();
    const sessionId = freshSession();
    for (const event of [started(1), delta(1, "old"), done(1), started(2), delta(2, "new")]) {
      await publisher.publish(sessionId, event);
    }
    const events = await take(viewer, sessionId, null, 2);
    expect(events.map((e) => e.event)).toEqual([started(2), delta(2, "new")]);
  });

  it("joins backlog and live without a gap or a duplicate", async () => {
    const { publisher, viewer } = setup();
    const sessionId = freshSession();
    await publisher.publish(sessionId, started(1));
    const receiving = take(viewer, sessionId, null, 202);
    for (let i = 0; i < 200; i++) await publisher.publish(sessionId, delta(1, `${i},`));
    await publisher.publish(sessionId, done(1));
    const events = await receiving;
    const text = events.flatMap((e) => (e.event.type === "delta" ? [e.event.text] : [])).join("");
    expect(text).toBe(Array.from({ length: 200 }, (_, i) => `${i},`).join(""));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it.each(["99999999999999999999-1", "18446744073709551616-0", "1-99999999999999999999", "garbage", "-", "1-2-3", "𝄞"])(
    "treats the unusable lastEventId %s as the start of the current reply",
    async (lastEventId) => {
      const { publisher, viewer } = setup();
      const sessionId = freshSession();
      for (const event of [started(1), delta(1, "old"), done(1), started(2), delta(2, "new")]) {
        await publisher.publish(sessionId, event);
      }
      const events = await take(viewer, sessionId, lastEventId, 2);
      expect(events.map((e) => e.event)).toEqual([started(2), delta(2, "new")]);
    },
  );

  it("tells any instance the text a reply's viewers were shown, while it holds the reply from its start", async () => {
    const { publisher, viewer } = setup();
    const sessionId = freshSession();
    expect(await viewer.publishedText(sessionId, 2)).toBeNull();
    for (const event of [started(1), delta(1, "old"), done(1), started(2), delta(2, "né"), delta(2, "w 😀")]) {
      await publisher.publish(sessionId, event);
    }
    expect(await viewer.publishedText(sessionId, 2)).toBe("né" + "w 😀");
    // Only the current reply is kept whole: an earlier one's start is gone.
    expect(await viewer.publishedText(sessionId, 1)).toBeNull();
  });

  it("asks a client whose events are gone to reload", async () => {
    const { viewer } = setup();
    const sessionId = freshSession();
    // From a process (or Redis) that is gone: neither bus knows this id.
    const [event] = await take(viewer, sessionId, "1700000000000-0", 1);
    expect(event?.event).toEqual({ type: "resync", sessionId });
  });
});

describe("Redis streams", () => {
  it("expire a grace period after the reply ends", async () => {
    const bus = createRedisEventBus({ url: REDIS_URL, graceSeconds: 30 });
    buses.push(bus);
    const sessionId = freshSession();
    await bus.publish(sessionId, started(1));
    const { stream } = conversationKeys("parley", sessionId);
    expect(await bus.redis.ttl(stream)).toBe(-1);
    await bus.publish(sessionId, done(1));
    const ttl = await bus.redis.ttl(stream);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });
});

describe("the batched Redis publisher", () => {
  it("keeps every conversation's events whole and in order while the script cache is flushed (NOSCRIPT)", async () => {
    const options = { url: cluster?.url ?? "", cluster: true };
    const [publisher, viewer] = [createRedisEventBus(options), createRedisEventBus(options)];
    buses.push(publisher, viewer);
    const sessions = Array.from({ length: 20 }, freshSession);
    const receiving = sessions.map((sessionId) => take(viewer, sessionId, null, 52));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const publishing = sessions.map(async (sessionId) => {
      await publisher.publish(sessionId, started(1));
      for (let i = 0; i < 50; i++) await publisher.publish(sessionId, delta(1, `${i},`));
      await publisher.publish(sessionId, done(1));
    });
    for (let flush = 0; flush < 5; flush++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      cluster?.flushScripts();
    }
    await Promise.all(publishing);
    const expected = Array.from({ length: 50 }, (_, i) => `${i},`).join("");
    for (const events of await Promise.all(receiving)) {
      expect(events.flatMap((e) => (e.event.type === "delta" ? [e.event.text] : [])).join("")).toBe(expected);
      expect(new Set(events.map((e) => e.id)).size).toBe(52);
    }
  });
});
