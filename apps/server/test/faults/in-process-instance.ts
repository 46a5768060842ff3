import { createChatEngine, createOfflineProvider, createTokenService, type EventBus } from "@parley/api";
import { createApiClient } from "@parley/client";
import type { TestDatabase } from "@parley/db/testing";
import WebSocket from "ws";
import { createParleyServer } from "../../src/create-server.js";
import { TEST_JWT_SECRET } from "../harness.js";

/**
 * One Parley server in this process over a shared test database and the given bus (several of
 * them make a deployment of instances): its URL and API clients. What it opened is closed by the
 * function pushed onto `closers`, bus included; `redis` tells readiness a Redis bus is in use.
 */
export async function startInProcessInstance(
  database: TestDatabase,
  bus: EventBus,
  closers: Array<() => Promise<void>>,
  options: { redis?: boolean } = {},
) {
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: createOfflineProvider({ tokenDelayMs: 0 }),
    models: { chat: "test-chat-model", title: "test-title-model", summary: "test-summary-model" },
  });
  const services = { prisma: database.prisma, sql: database.sql, tokens: createTokenService({ secret: TEST_JWT_SECRET }), chat };
  const app = createParleyServer({ database, services, webDist: "/nonexistent", redis: options.redis ?? false });
  const url = await app.listen(0, "127.0.0.1");
  const clients: Array<{ close(): Promise<void> }> = [];
  closers.push(async () => {
    for (const client of clients) await client.close();
    await chat.shutdown(0);
    await app.close();
    await bus.close();
  });
  return {
    url,
    client(token?: string) {
      const created = createApiClient({ url, getToken: () => token, WebSocket });
      clients.push(created);
      return created.api;
    },
  };
}
