import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "./private-services.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

// Health endpoints of a server whose Redis goes away (a private Redis, so the shared one is untouched).
let database: TestDatabase;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await database.drop();
});

interface Readiness {
  status: string;
  database: { ok: boolean; kind: string };
  redis?: { ok: boolean; error?: string };
}

async function health(server: ServerProcess, path: "live" | "ready") {
  const response = await fetch(`${server.url}/health/${path}`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

describe("readiness when Redis is down", () => {
  it("reports 503 with redis not ok while /health/live stays 200, and turns ready again when Redis returns", async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const server = await startServerProcess({ DATABASE_URL: database.url, REDIS_URL: redis.url });
    cleanups.push(async () => {
      server.kill("SIGKILL");
      await server.exited;
    });
    expect(await health(server, "ready")).toMatchObject({ status: 200, body: { status: "ok", redis: { ok: true } } });

    redis.kill();
    await expect.poll(async () => (await health(server, "ready")).status, { timeout: 10_000 }).toBe(503);
    const probedAt = Date.now();
    const down = await health(server, "ready");
    // A readiness probe must answer within a probe's usual timeout, not hang on the dead Redis.
    expect(Date.now() - probedAt).toBeLessThan(3_000);
    expect(down.body).toMatchObject({ status: "unavailable", database: { ok: true }, redis: { ok: false } });
    expect(down.body.redis?.error).toEqual(expect.any(String));
    expect((await health(server, "live")).status).toBe(200);

    await redis.restart();
    await expect.poll(async () => (await health(server, "ready")).status, { timeout: 15_000 }).toBe(200);
    expect((await health(server, "ready")).body).toMatchObject({ status: "ok", redis: { ok: true } });
  });
});
