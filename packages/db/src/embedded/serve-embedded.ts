import { createServer } from "node:net";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { PGlite } from "@electric-sql/pglite";

export interface ServedEmbedded {
  /** A connection string any PostgreSQL client (Prisma Studio, psql) can use. */
  url: string;
  stop(): Promise<void>;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Serves the embedded database over PostgreSQL's wire protocol on loopback, for tools that
 * only speak to a server. One client at a time (others wait their turn): PGlite is a single
 * backend, and pglite-socket's multiplexing shares its prepared statements between clients, so
 * Studio's second connection found its statements gone (error 26000) after the first closed.
 */
export async function serveEmbedded(pglite: PGlite, host = "127.0.0.1"): Promise<ServedEmbedded> {
  const port = await freePort(host);
  const server = new PGLiteSocketServer({ db: pglite, host, port, maxConnections: 1 });
  await server.start();
  return { url: `postgresql://postgres@${host}:${port}/postgres`, stop: () => server.stop() };
}
