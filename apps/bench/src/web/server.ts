import { createTestDatabase } from "@parley/db/testing";
import { startOfflineServer } from "../offline-server.js";

/**
 * The real server serving `webDist` over a fresh database. Replies come from the offline
 * provider without delay: what is measured is the browser.
 */
export async function startWebServer(webDist: string) {
  const database = await createTestDatabase();
  const server = await startOfflineServer(database, webDist);
  return {
    url: server.url,
    prisma: database.prisma,
    /** The event bus's own count of live `chat.stream` listeners, server side. */
    busListeners: () => server.bus.stats().listeners,
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}

export type WebServer = Awaited<ReturnType<typeof startWebServer>>;
