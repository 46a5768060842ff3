// One Parley instance of a deployment under test, built as apps/server/src/services.ts builds
// it: the in-process bus and coordination alone, or with REDIS_URL the Redis bus and
// coordination (same options, the server's default lease). Its instances share the database
// the benchmark made. The provider is the real OpenAI one pointed at the scripted upstream,
// wrapped only to note when each reply's first chunk arrives; the bus, only to note when a
// viewer's subscription here gets each reply's first delta.
import {
  createChatEngine,
  createLocalCoordination,
  createMemoryEventBus,
  createOpenAIProvider,
  createRedisCoordination,
  createRedisEventBus,
  createTokenService,
  type ApiServices,
} from "@parley/api";
import { openDatabase } from "@parley/db";
import { createParleyServer } from "@parley/server/create-server";
import { boundHeapGrowth } from "@parley/server/heap-growth";
import { emit, serve } from "../streaming/ipc.js";
import { captureLoggedErrors } from "../streaming/server-api.js";
import { stampFirstChunks } from "./first-chunk-stamps.js";
import { stampFirstDeltas } from "./first-delta-stamps.js";
import type { InstanceApi, InstanceConfig } from "./instance-api.js";

const config = JSON.parse(process.argv[2] ?? "{}") as InstanceConfig;
// The collector as apps/server/src/main.ts sets it, so memory here is what production uses.
boundHeapGrowth();
/** apps/server's PARLEY_REPLY_LEASE_MS default. */
const LEASE_MS = 15_000;

function sharedParts(redis: InstanceConfig["redis"]) {
  if (!redis) return { bus: createMemoryEventBus(), coordination: createLocalCoordination() };
  return {
    bus: createRedisEventBus(redis),
    coordination: createRedisCoordination(redis, { leaseMs: LEASE_MS, namespace: redis.namespace }),
  };
}

const loggedErrors = captureLoggedErrors();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: "" });
const stamps = stampFirstChunks(createOpenAIProvider({ apiKey: "bench-key", baseURL: config.upstreamUrl }));
const parts = sharedParts(config.redis);
const { coordination } = parts;
const deltas = stampFirstDeltas(parts.bus);
const { bus } = deltas;
const chat = createChatEngine({
  prisma: database.prisma,
  bus,
  coordination,
  provider: stamps.provider,
  models: { chat: "gpt-4o-mini", title: "gpt-4o-mini", summary: "gpt-4o-mini" },
  // As in the test harness: the per-user limits would refuse a benchmark's repeated sends.
  limits: { messagesPerMinute: 100_000, concurrentReplies: 100_000 },
});
const services: ApiServices = {
  prisma: database.prisma,
  sql: database.sql,
  tokens: createTokenService({ secret: config.jwtSecret }),
  chat,
};
const app = createParleyServer({ database, services, webDist: "/nonexistent", redis: Boolean(config.redis) });
const url = await app.listen(0, "127.0.0.1");

const api: InstanceApi = {
  loggedErrors,
  cpu: () => process.cpuUsage(),
  rss: () => process.memoryUsage.rss(),
  pid: () => process.pid,
  firstChunks: (tag) => stamps.take(tag),
  activeReplies: () => chat.activeReplies(),
  firstDeltas: () => deltas.take(),
  async stop() {
    await chat.shutdown(0);
    await app.close();
    await bus.close();
    await coordination.close();
    await database.close();
  },
};

serve(api);
emit("ready", url);
