import { createChatEngine, createMemoryEventBus, createOfflineProvider, createTokenService } from "@parley/api";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParleyServer } from "../create-server.js";

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
  const services = { prisma: database.prisma, sql: database.sql, tokens, chat };
  app = createParleyServer({ database, services, webDist: "/nonexistent", trustProxy: true });
  url = await app.listen(0, "127.0.0.1");
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

let count = 0;
const password = "correct horse battery";

function post(action: string, options: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${url}/auth/browser/${action}`, {
    method: "POST",
    headers: { origin: url, "content-type": "application/json", ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** The `name=value` pair of the Set-Cookie header, and the header itself. */
function cookieOf(response: Response) {
  const header = response.headers.get("set-cookie") ?? "";
  return { header, pair: header.split(";")[0] ?? "" };
}

async function signUp() {
  const email = `browser${++count}-${Date.now()}@example.test`;
  const response = await post("sign-up", { body: { email, password, displayName: "Bea" } });
  expect(response.status).toBe(200);
  return { email, response, body: (await response.json()) as Record<string, unknown>, cookie: cookieOf(response) };
}

describe("browser auth", () => {
  it("keeps the refresh token in an httpOnly SameSite=Strict cookie scoped to its path, never in the body", async () => {
    const { body, cookie } = await signUp();
    expect(body).toHaveProperty("accessToken");
    expect(body).not.toHaveProperty("refreshToken");
    expect(cookie.header).toMatch(/^parley_refresh=[^;]{10,}; Path=\/auth\/browser; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  });

  it("marks the cookie Secure when a trusted proxy says the page came over TLS", async () => {
    const email = `tls${++count}-${Date.now()}@example.test`;
    const origin = "https://parley.example";
    const headers = { origin, "x-forwarded-proto": "https", "x-forwarded-host": "parley.example" };
    const response = await post("sign-up", { body: { email, password, displayName: "Tia" }, headers });
    expect(response.status).toBe(200);
    expect(cookieOf(response).header).toMatch(/; Secure$/);
  });

  it("rotates the cookie on refresh and refuses the old one once the new one has been used", async () => {
    const { cookie } = await signUp();
    const refreshed = await post("refresh", { cookie: cookie.pair });
    expect(refreshed.status).toBe(200);
    const next = cookieOf(refreshed).pair;
    expect(next).not.toBe(cookie.pair);
    expect(await refreshed.json()).toHaveProperty("user.displayName", "Bea");
    expect((await post("refresh", { cookie: next })).status).toBe(200);
    const reused = await post("refresh", { cookie: cookie.pair });
    expect(reused.status).toBe(401);
    expect(cookieOf(reused).header).toContain("Max-Age=0");
  });

  it("keeps the session when a reload cut off the refresh response (the old cookie comes back at once)", async () => {
    const { cookie } = await signUp();
    expect((await post("refresh", { cookie: cookie.pair })).status).toBe(200);
    const retried = await post("refresh", { cookie: cookie.pair });
    expect(retried.status).toBe(200);
    expect(cookieOf(retried).pair).not.toBe(cookie.pair);
  });

  it("signs out: the cookie is cleared and its token no longer refreshes", async () => {
    const { cookie } = await signUp();
    const out = await post("sign-out", { cookie: cookie.pair });
    expect(out.status).toBe(200);
    expect(cookieOf(out).header).toMatch(/^parley_refresh=; .*Max-Age=0/);
    expect((await post("refresh", { cookie: cookie.pair })).status).toBe(401);
  });

  it("refuses a request from another origin or without one (CSRF)", async () => {
    const { cookie } = await signUp();
    for (const origin of ["https://evil.example", ""]) {
      const response = await post("refresh", { cookie: cookie.pair, headers: { origin } });
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    expect((await post("refresh", { cookie: cookie.pair })).status).toBe(200);
  });

  it("answers bad input with tRPC's typed errors", async () => {
    const noCookie = await post("refresh");
    expect(noCookie.status).toBe(401);
    expect(await noCookie.json()).toMatchObject({ error: { data: { code: "UNAUTHORIZED" } } });
    const badEmail = await post("sign-in", { body: { email: "nope", password } });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({
      error: { data: { code: "BAD_REQUEST", zodError: { fieldErrors: { email: [expect.any(String)] } } } },
    });
    const wrongPassword = await post("sign-in", { body: { email: "nobody@example.test", password } });
    expect(wrongPassword.status).toBe(401);
    const notJson = await fetch(`${url}/auth/browser/sign-in`, { method: "POST", headers: { origin: url }, body: "{" });
    expect(notJson.status).toBe(400);
    expect((await post("whoami")).status).toBe(404);
    expect((await fetch(`${url}/auth/browser/refresh`, { headers: { origin: url } })).status).toBe(405);
    const huge = await post("sign-in", { body: { email: "a@b.co", password: "x".repeat(20_000) } });
    expect(huge.status).toBe(413);
  });
});
