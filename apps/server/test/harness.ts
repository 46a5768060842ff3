import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { openMigratedDatabase } from "@parley/db";
import {
  createChatEngine,
  createMemoryEventBus,
  createOfflineProvider,
  createTokenService,
  defaultAbuseLimits,
  type AbuseLimits,
  type ChatEngineOptions,
  type ChatProvider,
} from "@parley/api";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { createApiClient, errorInfo, TRPCClientError } from "@parley/client";
import WebSocket from "ws";
import { createParleyServer } from "../src/create-server.js";

export const TEST_JWT_SECRET = "integration-test-secret-0123456789-abcdefghij";

export type ApiClient = ReturnType<typeof createApiClient>["api"];

export interface TestServerOptions {
  /** Default: the offline assistant without pauses between tokens. */
  provider?: ChatProvider;
  engine?: Partial<
    Pick<
      ChatEngineOptions,
      "flushIntervalMs" | "coalesceMs" | "toolboxFor" | "jobs" | "limits" | "deadlines" | "allowedAiModels" | "prices" | "models"
    >
  >;
  abuseLimits?: AbuseLimits;
  /** Default: a fresh PostgreSQL database; `pglite`: an embedded one in a temporary directory. */
  driver?: "postgres" | "pglite";
}

/** A PGlite database in a temporary directory, dropped (deleted) like a test database. */
async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), "parley-server-test-"));
  const database = await openMigratedDatabase({ dataDir });
  return {
    ...database,
    url: dataDir,
    name: "pglite",
    drop: () => database.close().then(() => rm(dataDir, { recursive: true, force: true })),
  };
}

/** The real server on port 0 over a fresh PostgreSQL database. */
export async function startTestServer(options: TestServerOptions = {}) {
  const database: TestDatabase = options.driver === "pglite" ? await createPgliteTestDatabase() : await createTestDatabase();
  const tokens = createTokenService({ secret: TEST_JWT_SECRET });
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: options.provider ?? createOfflineProvider({ tokenDelayMs: 0 }),
    models: { chat: "test-chat-model", title: "test-title-model", summary: "test-summary-model" },
    // Rate limits get their own tests; elsewhere they would only make concurrency tests flaky.
    limits: { messagesPerMinute: 100_000, concurrentReplies: 100_000 },
    ...options.engine,
  });
  // Every test signs its users up from 127.0.0.1, and many make conversations and models by the
  // dozen: only the tests of these limits keep the defaults.
  const plenty = { limit: 100_000, windowMs: 60_000 };
  const abuseLimits = options.abuseLimits ?? {
    ...defaultAbuseLimits,
    signUpPerAddress: plenty,
    newConversationsPerUser: plenty,
    newModelsPerUser: plenty,
    newSharesPerUser: plenty,
    newApiKeysPerUser: plenty,
  };
  const services = { prisma: database.prisma, sql: database.sql, tokens, chat, abuseLimits };
  const app = createParleyServer({ database, services, webDist: "/nonexistent" });
  const url = await app.listen(0, "127.0.0.1");
  const sockets: Array<{ close: () => Promise<void> }> = [];

  /**
   * A typed client over real HTTP (queries, mutations) and a real WebSocket (subscriptions).
   * `batch: false` sends one request per call, for tests of concurrent requests.
   */
  function client(token?: string | (() => string | undefined), options: { batch?: boolean } = {}): ApiClient {
    const currentToken = () => (typeof token === "function" ? token() : token);
    const created = createApiClient({ url, getToken: currentToken, WebSocket, batch: options.batch });
    sockets.push(created);
    return created.api;
  }

  let users = 0;
  /** Signs up a new user and returns a client acting as them. */
  async function signUp(options: { admin?: boolean } = {}) {
    const n = ++users;
    const email = `person${n}-${Date.now()}@example.test`;
    const password = "a good password";
    const session = await client().auth.signUp.mutate({ email, password, displayName: `Person ${n}` });
    if (options.admin) {
      await database.prisma.user.update({ where: { id: session.user.id }, data: { role: "admin" } });
      const again = await client().auth.signIn.mutate({ email, password });
      return { ...again, email, password, api: client(again.accessToken) };
    }
    return { ...session, email, password, api: client(session.accessToken) };
  }

  return {
    url,
    database,
    tokens,
    chat,
    bus,
    client,
    signUp,
    async stop() {
      for (const socket of sockets) await socket.close();
      await chat.shutdown(0);
      await app.close();
      await bus.close();
      await database.drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** The tRPC error code and the app's own code of a failed call. */
export async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const { code, appCode, httpStatus, retryAfterMs } = errorInfo(error);
      return { code, appCode, httpStatus, retryAfterMs, message: error.message };
    }
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * An access token made by hand, as an attacker or a stale client would hold one: signed with
 * `secret` (another one forges it) and expiring at `expiresAt` (seconds; past expires it).
 */
export function handMadeToken(userId: string, options: { role?: "user" | "admin"; secret?: string; expiresAt?: number | string } = {}) {
  return new SignJWT({ role: options.role ?? "user" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer("parley")
    .setAudience("parley-api")
    .setExpirationTime(options.expiresAt ?? "1h")
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** Input the client's types forbid, to check that the server refuses it as well. */
export function unchecked<T>(value: unknown): T {
  return value as T;
}

/** A valid id that no row has: calls with it show what "not found" looks like. */
export const MISSING_ID = 2_147_483_000;

export const modelConfig = {
  name: "Test Scalper",
  defaultAiModel: "gpt-4o-mini",
  tradingMode: "paper" as const,
  tradingStyle: "scalping" as const,
  instrument: "stocks" as const,
  symbols: ["AAPL", "msft"],
  marginAccount: true,
  buyingPower: 50_000,
  allowShorting: true,
  allowOptionsStrategies: false,
  allowHedging: false,
  allowedOrderTypes: ["market" as const, "limit" as const],
  customRules: "No overnight holds.",
  customInstructions: "Be brief.",
};
