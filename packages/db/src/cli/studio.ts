// `pnpm studio`: Prisma Studio on the configured database. On PostgreSQL (DATABASE_URL) Studio
// connects itself. The embedded default lives inside one process, so this one opens it (taking
// the data dir's lock: the app must not be running on it), serves it on a loopback port while
// Studio runs, and closes it cleanly when Studio exits or on Ctrl-C.
import { applyMigrations } from "../migrate/apply-migrations.js";
import { DataDirInUseError } from "../embedded/data-dir-lock.js";
import { openEmbedded } from "../embedded/open-embedded.js";
import { serveEmbedded } from "../embedded/serve-embedded.js";
import { pgliteRunner } from "../sql-runner.js";
import { runPrisma, spawnPrisma } from "../../scripts/prisma-cli.mjs";
import { databaseConfig } from "./env.js";

const studioArgs = ["studio", ...process.argv.slice(2)];

async function studioOnEmbedded(dataDir: string): Promise<number> {
  const embedded = await openEmbedded(dataDir);
  try {
    await applyMigrations(pgliteRunner(embedded.pglite));
    const served = await serveEmbedded(embedded.pglite);
    console.log(`Serving the embedded database in ${dataDir} at ${served.url} while Studio runs.`);
    const studio = spawnPrisma(studioArgs, { DATABASE_URL: served.url });
    // Ctrl-C reaches Studio too (same process group); its exit ends this process.
    process.on("SIGINT", () => undefined);
    process.on("SIGTERM", () => studio.kill("SIGTERM"));
    const status = await new Promise<number>((resolve) => studio.on("exit", (code) => resolve(code ?? 0)));
    await served.stop();
    return status;
  } finally {
    await embedded.close();
  }
}

if (databaseConfig.databaseUrl) {
  process.exitCode = runPrisma(studioArgs);
} else {
  try {
    process.exitCode = await studioOnEmbedded(databaseConfig.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  }
}
