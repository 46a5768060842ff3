import { createChatEngine, createMemoryEventBus, createOfflineProvider, createTokenService, defaultAbuseLimits } from "@parley/api";
import { createParleyClient } from "@parley/client";
import { createTestDatabase } from "@parley/db/testing";
import { createParleyServer } from "@parley/server/create-server";
import WebSocket from "ws";

// Every test signs its users up from 127.0.0.1.
const manySignUps = { ...defaultAbuseLimits, signUpPerAddress: { limit: 100_000, windowMs: 60_000 } };

/**
 * The real server on port 0 over a fresh PostgreSQL database, with the offline assistant
 * pausing between words, so that a test can interrupt a reply while it is being written.
 */
export async function startCliTestServer(options: { tokenDelayMs?: number } = {}) {
  const database = await createTestDatabase();
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: createOfflineProvider({ tokenDelayMs: options.tokenDelayMs ?? 20 }),
    models: { chat: "test-chat-model", title: "test-title-model", summary: "test-summary-model" },
    flushIntervalMs: 20,
  });
  const tokens = createTokenService({ secret: "cli-test-secret-0123456789-abcdefghijklmnop" });
  const app = createParleyServer({
    database,
    services: { prisma: database.prisma, sql: database.sql, tokens, chat, abuseLimits: manySignUps },
    webDist: "/nonexistent",
  });
  const url = await app.listen(0, "127.0.0.1");
  const anonymous = createParleyClient({ url, getToken: () => null, WebSocket });

  let people = 0;
  /** A new account; `admin` promotes it in the database, as an operator would. */
  async function account(options: { admin?: boolean } = {}) {
    const email = `cli${++people}-${Date.now()}@example.test`;
    const password = "a good password";
    const session = await anonymous.auth.signUp.mutate({ email, password, displayName: `CLI ${people}` });
    if (options.admin) await database.prisma.user.update({ where: { id: session.user.id }, data: { role: "admin" } });
    const client = createParleyClient({ url, getToken: () => session.accessToken, WebSocket });
    return { email, password, userId: session.user.id, client };
  }

  return {
    url,
    database,
    account,
    async stop() {
      await anonymous.close();
      await chat.shutdown(0);
      await app.close();
      await bus.close();
      await database.drop();
    },
  };
}

export type CliTestServer = Awaited<ReturnType<typeof startCliTestServer>>;
