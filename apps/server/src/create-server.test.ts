import { createChatEngine, createMemoryEventBus, createOfflineProvider, createTokenService } from "@parley/api";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParleyServer } from "./create-server.js";

let database: TestDatabase;
let app: ReturnType<typeof createParleyServer>;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const tokens = createTokenService({ secret: "test-secret-that-is-long-enough-0123456789" });
  const chat = createChatEngine({
    prisma: database.prisma,
    bus: createMemoryEventBus(),
    provider: createOfflineProvider(),
    models: { chat: "m", title: "m", summary: "m" },
  });
  app = createParleyServer({ database, services: { prisma: database.prisma, sql: database.sql, tokens, chat }, webDist: "/nonexistent" });
  url = await app.listen(0, "127.0.0.1");
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe("server", () => {
  it("reports a healthy database on /health", async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true, kind: "postgres" } });
  });

  it("serves a page for client-side routes before the web app is built", async () => {
    const response = await fetch(`${url}/m/1/c/2`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Parley");
  });

  it("never serves files from outside the web root", async () => {
    const response = await fetch(`${url}/..%2F..%2Fpackage.json`);
    expect(await response.text()).not.toContain("@parley/server");
  });

  it("sends the browser security headers on pages, API answers, errors and health", async () => {
    const responses = await Promise.all([
      fetch(`${url}/m/1/c/2`),
      fetch(`${url}/trpc/auth.me`),
      fetch(`${url}/trpc/nonsense.procedure`),
      fetch(`${url}/health/live`),
      fetch(`${url}/nowhere`, { method: "POST" }),
    ]);
    for (const response of responses) {
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ws://${new URL(url).host}`);
      expect(csp.split(";").find((part) => part.includes("script-src"))).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });
});
