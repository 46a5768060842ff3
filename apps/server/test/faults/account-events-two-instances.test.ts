import { randomUUID } from "node:crypto";
import { createRedisEventBus } from "@parley/api";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig } from "../harness.js";
import { watchAccount } from "../api/account-events-support.js";
import { startInProcessInstance } from "./in-process-instance.js";
import { startPrivateRedis } from "./private-services.js";

// Two instances in this process over one database and one Redis of their own (so cutting its
// pub/sub connections touches nobody else's tests): a change made through one reaches the
// user's subscribers on the other.
let database: TestDatabase;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  [database, redis] = await Promise.all([createTestDatabase(), startPrivateRedis()]);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await database?.drop();
  redis?.stop();
});

async function startInstance(namespace: string) {
  const bus = createRedisEventBus({ url: redis.url, namespace });
  return { bus, ...(await startInProcessInstance(database, bus, closers, { redis: true })) };
}

describe("sync.events across two instances over Redis", { timeout: 60_000 }, () => {
  it("delivers a change made on A to the same user's subscriber on B, and nothing to another user", async () => {
    const namespace = `sync-${randomUUID()}`;
    const [a, b] = await Promise.all([startInstance(namespace), startInstance(namespace)]);
    const person = await a
      .client()
      .auth.signUp.mutate({ email: `sync-${randomUUID()}@example.test`, password: "a good password", displayName: "P" });
    const other = await a
      .client()
      .auth.signUp.mutate({ email: `sync-${randomUUID()}@example.test`, password: "a good password", displayName: "O" });
    const onB = watchAccount(b.client(person.accessToken));
    const otherOnB = watchAccount(b.client(other.accessToken));
    await Promise.all([onB.started, otherOnB.started]);

    const onA = a.client(person.accessToken);
    const session = await onA.sessions.startNew.mutate({ context: { kind: "general" } });
    await onA.sessions.rename.mutate({ sessionId: session.id, title: "From A" });
    const model = await onA.models.create.mutate(modelConfig);
    await expect
      .poll(() => onB.events)
      .toEqual([
        { type: "session_created", sessionIds: [session.id] },
        { type: "session_updated", sessionIds: [session.id], change: "rename" },
        { type: "model_created", modelId: model.id },
      ]);
    await a.client(other.accessToken).models.create.mutate(modelConfig);
    await expect.poll(() => otherOnB.events.length).toBe(1);
    expect(otherOnB.events[0]?.type).toBe("model_created");
    onB.stop();
    otherOnB.stop();
    await expect.poll(() => b.bus.userListeners()).toBe(0);
  });

  it("tells B's subscribers to refetch when B's pub/sub connection to Redis was cut", async () => {
    const namespace = `sync-${randomUUID()}`;
    const [a, b] = await Promise.all([startInstance(namespace), startInstance(namespace)]);
    const person = await a
      .client()
      .auth.signUp.mutate({ email: `sync-${randomUUID()}@example.test`, password: "a good password", displayName: "P" });
    const onB = watchAccount(b.client(person.accessToken));
    await onB.started;
    // Every pub/sub connection of this private Redis: B's (and A's) subscribers reconnect.
    spawnSync("redis-cli", ["-u", redis.url, "client", "kill", "type", "pubsub"]);
    await expect.poll(() => onB.events, { timeout: 10_000 }).toContainEqual({ type: "resync" });
    // And it is subscribed again: later changes arrive.
    const model = await a.client(person.accessToken).models.create.mutate(modelConfig);
    await expect.poll(() => onB.events.at(-1), { timeout: 10_000 }).toEqual({ type: "model_created", modelId: model.id });
    onB.stop();
  });
});
