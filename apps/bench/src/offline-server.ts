import { randomBytes } from "node:crypto";
import { createChatEngine, createMemoryEventBus, createOfflineProvider, createTokenService, type ApiServices } from "@parley/api";
import type { TestDatabase } from "@parley/db/testing";
import { createParleyServer } from "@parley/server/create-server";

/**
 * The real server on port 0, built as apps/server builds it, over `database`, with replies from
 * the offline provider without delay: for benchmarks that measure something other than replies.
 */
export async function startOfflineServer(database: TestDatabase, webDist = "/nonexistent") {
  const tokens = createTokenService({ secret: randomBytes(32).toString("hex") });
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: createOfflineProvider({ tokenDelayMs: 0 }),
    models: { chat: "bench", title: "bench", summary: "bench" },
  });
  const services: ApiServices = { prisma: database.prisma, sql: database.sql, tokens, chat };
  const app = createParleyServer({ database, services, webDist });
  const url = await app.listen(0, "127.0.0.1");
  return {
    url,
    services,
    bus,
    /** Stops the server; the database is the caller's. */
    async stop() {
      await chat.shutdown(0);
      await app.close();
      await bus.close();
    },
  };
}
