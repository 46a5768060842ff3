import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { startChild, type Child } from "../streaming/child-process.js";
import type { LoggedErrors } from "../streaming/server-api.js";
import type { StreamConnection } from "../streaming/stream-tracker.js";
import { createAccounts } from "./accounts.js";
import type { InstanceApi, InstanceConfig } from "./instance-api.js";
import { openRedisProbe, type RedisProbe } from "./redis-probe.js";
import { testRedisUrl } from "@parley/db/testing";
import { openSplitConnection } from "./split-connection.js";

/** The Redis the tests use; the benchmark keeps to a namespace of its own there. */
const REDIS_URL = testRedisUrl;

/** Parley as deployed one way: its processes, and how to open client connection `index`. */
export interface Deployment {
  label: string;
  /** Short, for scenario tags. */
  id: string;
  /** Every Parley process of the deployment: together, the server's CPU. */
  instances: Array<Child<InstanceApi>>;
  /** The instance that replies are sent to, which generates them and stamps their first chunk. */
  sender: Child<InstanceApi>;
  /** The instance the clients watch on. */
  viewer: Child<InstanceApi>;
  /** Connection `index` watches conversation `index` (each its own user). */
  open(index: number): Promise<StreamConnection>;
  /** Null without Redis. */
  redis: RedisProbe | null;
  /** The conversation connection `index` watches. */
  sessionIds: number[];
  stop(): Promise<void>;
}

const entry = new URL("./instance-entry.ts", import.meta.url);

/** One Parley instance in its own process, as a deployment runs it; resolves once it listens. */
export async function startInstance(name: string, config: InstanceConfig) {
  const { child, ready } = await startChild<InstanceApi>(name, entry, [JSON.stringify(config)]);
  return { child, url: String(ready) };
}

async function prepare(conversations: number) {
  const database = await createTestDatabase();
  const jwtSecret = randomBytes(32).toString("hex");
  return { database, jwtSecret, accounts: await createAccounts(database, jwtSecret, conversations) };
}

function opener(accounts: Awaited<ReturnType<typeof createAccounts>>, instances: { viewer: string; sender: string }) {
  return (index: number) => {
    const account = accounts[index];
    if (!account) throw new Error(`only ${accounts.length} accounts were made`);
    return openSplitConnection(instances, account);
  };
}

async function stopAll(instances: Array<Child<InstanceApi>>, database: TestDatabase) {
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();
}

/** One instance, the in-process bus: viewers and sends on the same process. */
export async function startInProcess(upstreamUrl: string, conversations: number): Promise<Deployment> {
  const { database, jwtSecret, accounts } = await prepare(conversations);
  const single = await startInstance("Parley (in-process)", { upstreamUrl, databaseUrl: database.url, jwtSecret });
  return {
    label: "1 instance, in-process",
    id: "m",
    instances: [single.child],
    sender: single.child,
    viewer: single.child,
    open: opener(accounts, { viewer: single.url, sender: single.url }),
    redis: null,
    sessionIds: accounts.map((account) => account.sessionId),
    stop: () => stopAll([single.child], database),
  };
}

/**
 * Two instances over Redis, one database: every viewer is on B while every send (and so every
 * reply's generation) goes to A, so every delivered token crosses Redis.
 */
export async function startOverRedis(upstreamUrl: string, conversations: number): Promise<Deployment> {
  const { database, jwtSecret, accounts } = await prepare(conversations);
  const namespace = `bench-scale-out-${process.pid}-${Date.now().toString(36)}`;
  const config: InstanceConfig = { upstreamUrl, databaseUrl: database.url, jwtSecret, redis: { url: REDIS_URL, namespace } };
  const [a, b] = await Promise.all([startInstance("Parley A (Redis)", config), startInstance("Parley B (Redis)", config)]);
  const redis = openRedisProbe(REDIS_URL, namespace);
  return {
    label: "2 instances, Redis",
    id: "r",
    instances: [a.child, b.child],
    sender: a.child,
    viewer: b.child,
    open: opener(accounts, { viewer: b.url, sender: a.url }),
    redis,
    sessionIds: accounts.map((account) => account.sessionId),
    async stop() {
      await stopAll([a.child, b.child], database);
      await redis.clean();
      await redis.close();
    },
  };
}

/** What the deployment's instances logged with console.error, by kind, over the whole benchmark. */
export async function loggedErrors(deployment: Deployment): Promise<LoggedErrors> {
  const logged: LoggedErrors = { count: 0, kinds: {} };
  for (const instance of deployment.instances) {
    const { count, kinds } = await instance.call("loggedErrors");
    logged.count += count;
    for (const [kind, times] of Object.entries(kinds)) logged.kinds[kind] = (logged.kinds[kind] ?? 0) + times;
  }
  return logged;
}
