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
});
