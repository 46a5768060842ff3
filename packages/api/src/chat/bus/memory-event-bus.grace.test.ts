import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ChatEvent, StreamedEvent } from "../events.js";
import { createMemoryEventBus } from "./memory-event-bus.js";

// The in-process bus keeps a finished reply for late viewers, then forgets it: without the drop,
// every conversation ever answered would stay in memory until the process restarts.
const GRACE_MS = 150;
const EMPTY = { channels: 0, listeners: 0, bufferedEvents: 0, dropTimers: 0 };

const started = (messageId: number): ChatEvent => ({ type: "reply_started", messageId, userMessageId: null, aiModel: "m", offline: true });
const delta = (messageId: number, text: string): ChatEvent => ({ type: "delta", messageId, text });
const done = (messageId: number): ChatEvent => ({
  type: "done",
  messageId,
  status: "complete",
  usage: null,
  error: null,
  contentLength: 2,
});

type Bus = ReturnType<typeof createMemoryEventBus>;

/** One whole reply, as run-reply.ts publishes it: its events, then `settle`. */
async function publishReply(bus: Bus, sessionId: number, messageId: number) {
  for (const event of [started(messageId), delta(messageId, "hi"), done(messageId)]) await bus.publish(sessionId, event);
  bus.settle(sessionId);
}

/** A viewer that keeps what it receives until `leave()`. */
function watch(bus: Bus, sessionId: number) {
  const controller = new AbortController();
  const received: StreamedEvent[] = [];
  const ended = (async () => {
    for await (const event of bus.subscribe(sessionId, null, controller.signal)) received.push(event);
  })();
  return { received, leave: () => (controller.abort(), ended) };
}

/** Resolves with the milliseconds it took the bus to hold nothing at all. */
async function timeUntilEmpty(bus: Bus, since: number) {
  await expect.poll(() => bus.stats(), { timeout: 5_000, interval: 10 }).toEqual(EMPTY);
  return performance.now() - since;
}

describe("in-process event bus: dropping finished replies after the grace period", () => {
  it("drops the channel of a reply nobody watches a grace period after its done, not before", async () => {
    const bus = createMemoryEventBus({ graceMs: GRACE_MS });
    await publishReply(bus, 1, 10);
    const settledAt = performance.now();
    expect(bus.stats()).toEqual({ channels: 1, listeners: 0, bufferedEvents: 3, dropTimers: 1 });
    expect(await timeUntilEmpty(bus, settledAt)).toBeGreaterThanOrEqual(GRACE_MS - 5);
  });

  it("replays the finished reply to a viewer arriving within the grace period, and drops it once they leave", async () => {
    const bus = createMemoryEventBus({ graceMs: GRACE_MS });
    await publishReply(bus, 2, 20);
    await sleep(GRACE_MS / 3);
    const viewer = watch(bus, 2);
    await expect.poll(() => viewer.received.map((e) => e.event.type)).toEqual(["reply_started", "delta", "done"]);
    // A viewer keeps the channel: the pending drop is cancelled while it watches.
    await sleep(GRACE_MS * 2);
    expect(bus.stats()).toMatchObject({ channels: 1, listeners: 1, bufferedEvents: 3 });
    await viewer.leave();
    const leftAt = performance.now();
    expect(bus.stats()).toMatchObject({ channels: 1, listeners: 0, dropTimers: 1 });
    expect(await timeUntilEmpty(bus, leftAt)).toBeGreaterThanOrEqual(GRACE_MS - 5);
  });

  it("keeps a channel whose next reply started within the grace period, and drops it after that reply ends", async () => {
    const bus = createMemoryEventBus({ graceMs: GRACE_MS });
    await publishReply(bus, 3, 30);
    await sleep(GRACE_MS / 3);
    await bus.publish(3, started(31));
    await bus.publish(3, delta(31, "still writing"));
    await sleep(GRACE_MS * 2);
    // A reply in progress is never dropped, and only it is kept (the previous one is replaced).
    expect(bus.stats()).toEqual({ channels: 1, listeners: 0, bufferedEvents: 2, dropTimers: 0 });
    await bus.publish(3, done(31));
    bus.settle(3);
    await timeUntilEmpty(bus, performance.now());
  });

  it("returns to zero channels after many finished conversations", async () => {
    const bus = createMemoryEventBus({ graceMs: GRACE_MS });
    for (let sessionId = 100; sessionId < 150; sessionId++) await publishReply(bus, sessionId, sessionId * 10);
    expect(bus.stats()).toMatchObject({ channels: 50, bufferedEvents: 150, dropTimers: 50 });
    await timeUntilEmpty(bus, performance.now());
  });

  it("tells a viewer who left mid-reply and returns after the drop to reload, and never mistakes an old id for a newer one", async () => {
    const bus = createMemoryEventBus({ graceMs: GRACE_MS });
    const firstIds = [await bus.publish(4, started(40)), await bus.publish(4, delta(40, "hi"))];
    await bus.publish(4, done(40));
    bus.settle(4);
    await timeUntilEmpty(bus, performance.now());
    // It saw the delta but not the done: the channel is gone, so only a reload can complete it.
    const resumed = bus.subscribe(4, firstIds[1] ?? null, new AbortController().signal)[Symbol.asyncIterator]();
    expect((await resumed.next()).value?.event).toEqual({ type: "resync", sessionId: 4 });
    await resumed.return?.();
    // A later reply in the re-made channel: an id kept from before the drop gets all of it.
    await bus.publish(4, started(41));
    await bus.publish(4, delta(41, "again"));
    const controller = new AbortController();
    const types: string[] = [];
    for await (const event of bus.subscribe(4, firstIds[1] ?? null, controller.signal)) {
      types.push(event.event.type);
      if (types.length === 2) controller.abort();
    }
    expect(types).toEqual(["reply_started", "delta"]);
  });
});
