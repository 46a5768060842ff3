import { randomBytes } from "node:crypto";
import { createChatEngine, createMemoryEventBus, createOfflineProvider, createTokenService } from "@parley/api";
import { createTestDatabase } from "@parley/db/testing";
import { createParleyServer } from "@parley/server/create-server";

/**
 * The real server on port 0, as apps/server builds it, serving `webDist` over a fresh database.
 * Replies come from the offline provider without delay: what is measured is the browser.
 */
export async function startWebServer(webDist: string) {
  const database = await createTestDatabase();
  const tokens = createTokenService({ secret: randomBytes(32).toString("hex") });
  const bus = createMemoryEventBus();
  const chat = createChatEngine({
    prisma: database.prisma,
    bus,
    provider: createOfflineProvider({ tokenDelayMs: 0 }),
    models: { chat: "bench", title: "bench", summary: "bench" },
  });
  const app = createParleyServer({ database, services: { prisma: database.prisma, sql: database.sql, tokens, chat }, webDist });
  const url = await app.listen(0, "127.0.0.1");
  return {
    url,
    prisma: database.prisma,
    /** The event bus's own count of live `chat.stream` listeners, server side. */
    busListeners: () => bus.stats().listeners,
    async stop() {
      await chat.shutdown(0);
      await app.close();
      await bus.close();
      await database.drop();
    },
  };
}

export type WebServer = Awaited<ReturnType<typeof startWebServer>>;
