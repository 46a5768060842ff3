// Starts Parley: database (PostgreSQL with DATABASE_URL, else embedded PGlite), migrations,
// the demo data on first start of the embedded default, then HTTP and WebSocket on one port.
import { resolve } from "node:path";
import { demoCredentials, openMigratedDatabase, seedDemoData } from "@parley/db";
import { scheduleEmptyConversationCleanup } from "./cleanup-schedule.js";
import { createParleyServer } from "./create-server.js";
import { readEnv } from "./env.js";
import { boundHeapGrowth } from "./heap-growth.js";
import { resolveJwtSecret } from "./jwt-secret.js";
import { schedulePurge } from "./purge-schedule.js";
import { createLogger } from "./logger.js";
import { createMetrics, serveMetrics } from "./metrics.js";
import { createServices } from "./services.js";

boundHeapGrowth();
const env = readEnv();
const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV !== "production" });
const database = await openMigratedDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: resolve(env.PARLEY_DATA_DIR, "pglite"),
});
logger.info(`database: ${database.kind} at ${database.location}, migrations applied`);

if (env.PARLEY_SEED_DEMO ?? !env.DATABASE_URL) {
  const { created } = await seedDemoData(database.prisma);
  if (created) logger.info("demo data seeded");
  const { user, admin } = demoCredentials;
  // The demo's published credentials, printed for the person starting it (never a real secret).
  process.stdout.write(`demo login:  ${user.email} / ${user.password}\nadmin login: ${admin.email} / ${admin.password}\n`);
}

const jwtSecret = await resolveJwtSecret(env.JWT_SECRET, env.PARLEY_DATA_DIR);
const metrics = env.PARLEY_METRICS_PORT === undefined ? null : createMetrics();
const services = createServices(env, {
  database,
  jwtSecret,
  logger,
  ...(metrics ? { replyObserver: metrics.observer, busObserver: metrics.busObserver } : {}),
});
// Alone, every reply still streaming belongs to a previous run of this process; with Redis,
// replies leased by other live instances are theirs, and fresh ones get time to be leased.
// A reply is leased right after it is stored, so one older than a lease without one is orphaned.
const interrupted = await services.chat.sweepOrphans(env.REDIS_URL ? env.PARLEY_REPLY_LEASE_MS : 0);
if (interrupted) logger.warn({ interrupted }, "replies left streaming by a stopped server marked interrupted");
// Also alone: a reply whose final save kept failing is found and ended here.
services.chat.startSweeping(env.PARLEY_SWEEP_INTERVAL_MS, env.PARLEY_REPLY_LEASE_MS);
const status = services.chat.status();
logger.info(
  { provider: status.provider, offline: status.offline },
  status.offline ? "assistant: offline (set OPENAI_API_KEY for a real model)" : `assistant: ${status.provider}`,
);
const app = createParleyServer({
  database,
  services,
  webDist: env.PARLEY_WEB_DIST,
  redis: Boolean(env.REDIS_URL),
  logger,
  trustProxy: env.PARLEY_TRUST_PROXY,
});
const url = await app.listen(env.PORT, env.HOST);
let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | null = null;
if (metrics && env.PARLEY_METRICS_PORT !== undefined) {
  metrics.watch({
    sockets: () => app.socketStats(),
    repliesStreaming: () => services.chat.activeReplies(),
    pingSharedStore: () => services.chat.coordination.ping(),
    pingDatabase: async () => void (await database.prisma.$queryRaw`SELECT 1`),
    databasePool: () => database.poolStats(),
  });
  metricsServer = await serveMetrics(metrics, env.PARLEY_METRICS_PORT, env.PARLEY_METRICS_HOST);
  logger.info({ url: metricsServer.url }, `metrics on ${metricsServer.url}`);
}
logger.info({ url }, `Parley is listening on ${url}`);

// Empty conversations older than 24 hours are deleted as the owner; PARLEY_CLEANUP_INTERVAL_MINUTES=off turns it off.
const cleanupMinutes = env.PARLEY_CLEANUP_INTERVAL_MINUTES;
const cleanup =
  cleanupMinutes === null ? null : scheduleEmptyConversationCleanup({ db: database.prisma, intervalMs: cleanupMinutes * 60_000, logger });
logger.info({ everyMinutes: cleanupMinutes }, cleanup ? "cleanup of empty conversations scheduled" : "cleanup off");
// Deleted conversations are removed for good, with their messages, once their undo window ends.
const purge = schedulePurge({ db: database.prisma, logger });

let stopping = false;
/**
 * Graceful shutdown: stop taking new messages (readiness turns 503), ask WebSocket clients to
 * reconnect (they resume elsewhere with lastEventId), let running replies finish until the
 * deadline, save the rest as interrupted, then close.
 */
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs: env.PARLEY_SHUTDOWN_GRACE_MS }, "shutting down");
  const draining = services.chat.shutdown(env.PARLEY_SHUTDOWN_GRACE_MS);
  app.announceReconnect();
  await draining;
  await app.close();
  await metricsServer?.close();
  await services.chat.bus.close();
  await services.chat.coordination.close();
  await cleanup?.stop();
  await purge.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
