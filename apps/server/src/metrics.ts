import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BusObserver, ReplyObserver } from "@parley/api";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// From a fast local model's first chunk to a provider that keeps a reply waiting for a minute.
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 45, 90];
// A Redis round trip on a quiet host is well under a millisecond; seconds mean an overload.
const BUS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** What /metrics reads when scraped: the live state of this instance. */
export interface LiveState {
  sockets(): { sockets: number; subscriptions: number };
  repliesStreaming(): number;
  /** Resolves when the shared store (Redis) answers; without Redis, at once. */
  pingSharedStore(): Promise<void>;
  pingDatabase(): Promise<void>;
  /** PostgreSQL's connection pool; null on embedded PGlite, which has none. */
  databasePool(): { total: number; idle: number; waiting: number } | null;
}

/**
 * This instance's Prometheus metrics (prom-client): Node's own, the replies the engine writes
 * (through its observer), the event bus over Redis (publish round trips, live events' age), and,
 * read at each scrape, sockets, subscriptions, replies streaming, the database pool and whether
 * the database and Redis answer.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "parley_" });
  const registers = [registry];
  /** A histogram in seconds, fed the milliseconds the engine and the bus measure in. */
  const secondsHistogram = (name: string, help: string, buckets: number[]) => {
    const histogram = new Histogram({ name, help, buckets, registers });
    return (ms: number) => histogram.observe(ms / 1000);
  };
  const replies = new Counter({
    name: "parley_replies_total",
    help: "Replies ended, by outcome",
    labelNames: ["status"] as const,
    registers,
  });
  const providerErrors = new Counter({
    name: "parley_provider_errors_total",
    help: "Replies the provider failed, by kind of failure",
    labelNames: ["kind"] as const,
    registers,
  });
  const textChunks = new Counter({
    name: "parley_reply_text_chunks_total",
    help: "Text chunks received from the provider (about one token each)",
    registers,
  });
  const completionTokens = new Counter({
    name: "parley_completion_tokens_total",
    help: "Completion tokens the provider reported",
    registers,
  });
  const observer: ReplyObserver = {
    providerFirstChunk: secondsHistogram(
      "parley_provider_first_chunk_seconds",
      "From a provider request to its first chunk",
      LATENCY_BUCKETS,
    ),
    firstText: secondsHistogram(
      "parley_reply_first_text_seconds",
      "From a reply's start to its first text from the provider",
      LATENCY_BUCKETS,
    ),
    textChunk: () => textChunks.inc(),
    finished(status, providerFailure, tokens) {
      replies.inc({ status });
      if (providerFailure) providerErrors.inc({ kind: providerFailure });
      if (tokens) completionTokens.inc(tokens);
    },
  };

  const busLag = secondsHistogram(
    "parley_event_bus_lag_seconds",
    "Age of a live event when it reached this instance over Redis (from its stream id's time)",
    BUS_BUCKETS,
  );
  const busObserver: BusObserver = {
    published: secondsHistogram(
      "parley_event_bus_publish_seconds",
      "From publishing an event over Redis to Redis acknowledging it (queueing included)",
      BUS_BUCKETS,
    ),
    // Clock skew between Redis and this host can make an age negative: count it as none.
    delivered: (ms) => busLag(Math.max(0, ms)),
  };

  /** Registers the gauges read at each scrape, once the instance's parts exist. */
  function watch(live: LiveState) {
    const answers = async (ping: () => Promise<void>) =>
      ping().then(
        () => 1,
        () => 0,
      );
    new Gauge({
      name: "parley_open_sockets",
      help: "Open WebSockets on this instance",
      registers,
      collect() {
        this.set(live.sockets().sockets);
      },
    });
    new Gauge({
      name: "parley_subscriptions",
      help: "Open subscriptions on this instance",
      registers,
      collect() {
        this.set(live.sockets().subscriptions);
      },
    });
    new Gauge({
      name: "parley_replies_streaming",
      help: "Replies this instance is writing",
      registers,
      collect() {
        this.set(live.repliesStreaming());
      },
    });
    new Gauge({
      name: "parley_database_pool_connections",
      help: "PostgreSQL pool connections by state (total, idle, waiting for one); absent on PGlite",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const pool = live.databasePool();
        if (!pool) return;
        for (const state of ["total", "idle", "waiting"] as const) this.set({ state }, pool[state]);
      },
    });
    new Gauge({
      name: "parley_database_up",
      help: "1 when the database answered this scrape",
      registers,
      async collect() {
        this.set(await answers(live.pingDatabase));
      },
    });
    new Gauge({
      name: "parley_shared_store_up",
      help: "1 when Redis (or the in-process stand-in) answered this scrape",
      registers,
      async collect() {
        this.set(await answers(live.pingSharedStore));
      },
    });
  }

  return { registry, observer, busObserver, watch };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** /metrics on its own port, so it is never exposed with the app (PARLEY_METRICS_PORT). */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || new URL(request.url ?? "/", "http://local").pathname !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://${host}:${bound}/metrics`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
