import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectStream } from "../streaming-support.js";
import { startDeployment, type Deployment } from "./deployment.js";
import { remoteClient } from "./remote-client.js";

// The server as deployed with PARLEY_METRICS_PORT set: /metrics on its own port, in Prometheus's
// text format, counting what a real reply (through the openai SDK, its events over Redis) and an
// open socket did.
let deployment: Deployment;
beforeAll(async () => {
  deployment = await startDeployment({
    redisPrefix: "metrics",
    // Paced, so the viewer that subscribes after the send still gets most events live (the lag
    // histogram counts live events only, not a backlog replayed on subscribing).
    respond: async (request) =>
      request.body.stream
        ? { kind: "text", text: "Hold the position until the close.", chunkSize: 4, delayMs: 40 }
        : { kind: "text", text: "A title" },
  });
});
afterAll(async () => {
  await deployment?.stop();
});

/** The value of one series (name with labels, as printed), or null when absent. */
function series(text: string, name: string): number | null {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

describe("/metrics", () => {
  it("is off the app's port, and counts replies, text, latencies, sockets, the database pool and the event bus on its own", async () => {
    const server = await deployment.instance({ PARLEY_METRICS_PORT: "0" });
    const metricsUrl = /metrics on (http:\/\/[^\s"]+)/.exec(server.output())?.[1];
    expect(metricsUrl).toBeDefined();
    // The app's port serves the web app there, not the metrics.
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toContain("parley_");

    const anonymous = remoteClient(server.url);
    const signedUp = await anonymous.api.auth.signUp.mutate({
      email: `metrics-${randomUUID()}@example.test`,
      password: "a good password",
      displayName: "Ops",
    });
    await anonymous.close();
    const user = remoteClient(server.url, signedUp.accessToken);
    const sent = await user.api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: randomUUID() },
      content: "Hold or sell?",
    });
    const watching = collectStream(user.api, { sessionId: sent.session.id }, () => false);
    void watching.catch(() => undefined);
    await expect
      .poll(async () => series(await (await fetch(metricsUrl ?? "")).text(), 'parley_replies_total{status="complete"}'), {
        timeout: 10_000,
      })
      .toBe(1);

    const response = await fetch(metricsUrl ?? "");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    // "Hold the position until the close." in chunks of 4 characters.
    expect(series(text, "parley_reply_text_chunks_total")).toBe(9);
    expect(series(text, "parley_reply_first_text_seconds_count")).toBe(1);
    expect(series(text, "parley_provider_first_chunk_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(series(text, "parley_open_sockets")).toBeGreaterThanOrEqual(1);
    expect(series(text, "parley_subscriptions")).toBeGreaterThanOrEqual(1);
    expect(series(text, "parley_replies_streaming")).toBe(0);
    expect(series(text, "parley_database_up")).toBe(1);
    expect(series(text, "parley_shared_store_up")).toBe(1);
    expect(series(text, 'parley_database_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(series(text, 'parley_database_pool_connections{state="waiting"}')).toBe(0);
    // Over Redis: every event of the reply was published (started, text frames, done) and reached
    // this instance's viewer live, so both histograms counted them.
    expect(series(text, "parley_event_bus_publish_seconds_count")).toBeGreaterThanOrEqual(3);
    expect(series(text, "parley_event_bus_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(series(text, 'parley_event_bus_lag_seconds_bucket{le="2.5"}')).toBe(series(text, "parley_event_bus_lag_seconds_count"));
    expect(series(text, "parley_process_resident_memory_bytes")).toBeGreaterThan(0);
    await user.close();
  });
});
