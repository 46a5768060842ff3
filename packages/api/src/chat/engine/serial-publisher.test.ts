import { testRedisUrl } from "@parley/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import type { EventBus } from "../bus/event-bus.js";
import { createMemoryEventBus } from "../bus/memory-event-bus.js";
import { createRedisEventBus } from "../bus/redis-event-bus.js";
import type { ChatEvent, StreamedEvent } from "../events.js";
import { silentLogger as log } from "../../logger.js";
import { createSerialPublisher } from "./serial-publisher.js";

const buses: EventBus[] = [];
afterAll(async () => {
  for (const bus of buses) await bus.close();
});
const freshSession = () => 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

/** Everything the bus holds for the conversation's current reply, once `done` is in. */
async function replayed(bus: EventBus, sessionId: number): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const events: StreamedEvent[] = [];
  for await (const event of bus.subscribe(sessionId, null, controller.signal)) {
    events.push(event);
    if (event.event.type === "done") controller.abort();
  }
  return events;
}

const setups: Array<[string, () => EventBus]> = [
  ["in-process", () => createMemoryEventBus()],
  ["Redis, batched", () => createRedisEventBus({ url: testRedisUrl, namespace: "serial-publisher" })],
  ["Redis, one call per event", () => createRedisEventBus({ url: testRedisUrl, namespace: "serial-publisher", publishMode: "per-event" })],
];

describe.each(setups)("serial publisher over the %s bus", (_name, makeBus) => {
  it("keeps order and every character, merging the deltas that queue behind an event in flight", async () => {
    const bus = makeBus();
    buses.push(bus);
    const sessionId = freshSession();
    const publisher = createSerialPublisher(bus, sessionId, log);
    const pieces = Array.from({ length: 200 }, (_, i) => `t${i} `);
    publisher.publish({ type: "reply_started", messageId: 1, userMessageId: null, aiModel: "m", offline: true });
    for (const text of pieces.slice(0, 100)) publisher.publish({ type: "delta", messageId: 1, text });
    publisher.publish({ type: "tool_call", messageId: 1, callId: "c", name: "get_run_overview", arguments: "{}" });
    for (const text of pieces.slice(100)) publisher.publish({ type: "delta", messageId: 1, text });
    publisher.publish({ type: "done", messageId: 1, status: "complete", usage: null, error: null, contentLength: pieces.join("").length });
    await publisher.drained();

    const events = (await replayed(bus, sessionId)).map((e) => e.event);
    const types = events.map((e) => e.type);
    // Queued behind reply_started, each run of deltas went out as one event, around the tool call.
    expect(types).toEqual(["reply_started", "delta", "tool_call", "delta", "done"]);
    const text = (events.filter((e) => e.type === "delta") as Array<Extract<ChatEvent, { type: "delta" }>>).map((e) => e.text);
    expect(text).toEqual([pieces.slice(0, 100).join(""), pieces.slice(100).join("")]);
    expect(publisher.lostAny()).toBe(false);
  });

  it("is drained at once when nothing is out, and after the last event otherwise", async () => {
    const bus = makeBus();
    buses.push(bus);
    const publisher = createSerialPublisher(bus, freshSession(), log);
    await publisher.drained();
    publisher.publish({ type: "reply_started", messageId: 2, userMessageId: null, aiModel: "m", offline: true });
    publisher.publish({ type: "delta", messageId: 2, text: "a" });
    let drained = false;
    const waiting = publisher.drained().then(() => (drained = true));
    publisher.publish({ type: "delta", messageId: 2, text: "b" });
    await waiting;
    expect(drained).toBe(true);
  });
});
