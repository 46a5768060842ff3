import { randomUUID } from "node:crypto";
import { testRedisUrl } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountEvent } from "../../sync/account-events.js";
import { startRedisCluster, type RedisCluster } from "../../testing/redis-cluster.js";
import { createMemoryEventBus } from "./memory-event-bus.js";
import { createRedisEventBus, type RedisEventBusOptions } from "./redis-event-bus.js";

type Bus = ReturnType<typeof createMemoryEventBus> | ReturnType<typeof createRedisEventBus>;
const buses: Bus[] = [];
let cluster: RedisCluster | null = null;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
});
afterAll(async () => {
  for (const bus of buses) await bus.close();
  cluster?.stop();
});

// `publisher` is where a change is made, `viewer` where the user's other device listens.
const setups: Array<[string, () => { publisher: Bus; viewer: Bus }]> = [
  [
    "in-process",
    () => {
      const bus = createMemoryEventBus();
      buses.push(bus);
      return { publisher: bus, viewer: bus };
    },
  ],
  ["Redis, two instances", () => pair({ url: testRedisUrl })],
  ["Redis Cluster of 3 masters, two instances", () => pair({ url: cluster?.url ?? "", cluster: true })],
];

function pair(options: RedisEventBusOptions) {
  const namespace = `user-channels-${randomUUID()}`;
  const publisher = createRedisEventBus({ ...options, namespace });
  const viewer = createRedisEventBus({ ...options, namespace });
  buses.push(publisher, viewer);
  return { publisher, viewer };
}

async function collect(bus: Bus, userId: string) {
  const controller = new AbortController();
  const events: AccountEvent[] = [];
  const iterable = await bus.subscribeUser(userId, controller.signal);
  const finished = (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return { events, finished, stop: () => controller.abort() };
}

const created = (modelId: number): AccountEvent => ({ type: "model_created", modelId });

describe.each(setups)("users' channels: %s", (_name, setup) => {
  it("delivers a user's events, in order, only to that user's subscribers", async () => {
    const { publisher, viewer } = setup();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const [aliceTab, aliceLaptop, bobTab] = await Promise.all([collect(viewer, alice), collect(viewer, alice), collect(viewer, bob)]);
    for (const modelId of [1, 2, 3]) await publisher.publishToUser(alice, created(modelId));
    await publisher.publishToUser(bob, { type: "session_deleted", sessionIds: [9] });
    await expect.poll(() => aliceLaptop.events.length).toBe(3);
    await expect.poll(() => bobTab.events.length).toBe(1);
    expect(aliceTab.events).toEqual([created(1), created(2), created(3)]);
    expect(aliceLaptop.events).toEqual(aliceTab.events);
    expect(bobTab.events).toEqual([{ type: "session_deleted", sessionIds: [9] }]);
    for (const watch of [aliceTab, aliceLaptop, bobTab]) watch.stop();
    await Promise.all([aliceTab.finished, aliceLaptop.finished, bobTab.finished]);
    expect(viewer.userListeners()).toBe(0);
  });

  it("keeps nothing for later: a subscriber hears only what is published after it subscribed", async () => {
    const { publisher, viewer } = setup();
    const user = randomUUID();
    await publisher.publishToUser(user, created(1));
    const late = await collect(viewer, user);
    await publisher.publishToUser(user, created(2));
    await expect.poll(() => late.events).toEqual([created(2)]);
    late.stop();
    await late.finished;
  });

  it("releases a subscription aborted before it was ever read, and one stopped by its reader", async () => {
    const { viewer } = setup();
    const user = randomUUID();
    const unread = new AbortController();
    await viewer.subscribeUser(user, unread.signal);
    const read = new AbortController();
    const iterator = (await viewer.subscribeUser(user, read.signal))[Symbol.asyncIterator]();
    expect(viewer.userListeners()).toBe(2);
    unread.abort();
    await iterator.return?.();
    expect(viewer.userListeners()).toBe(0);
    const already = new AbortController();
    already.abort();
    await viewer.subscribeUser(user, already.signal);
    expect(viewer.userListeners()).toBe(0);
  });
});
