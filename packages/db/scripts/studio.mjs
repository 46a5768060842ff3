// Prisma Studio on the configured PostgreSQL database (DATABASE_URL). Studio speaks to a
// server over the network; the embedded PGlite database lives inside the app's process, so
// for it we say how to get a server-backed copy instead of failing obscurely.
import { runPrisma } from "./prisma-cli.mjs";

if (!process.env.DATABASE_URL) {
  console.error(
    [
      "Prisma Studio needs a PostgreSQL server: set DATABASE_URL, for example",
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parley pnpm studio",
      "The embedded default (PGlite in .data/) is only reachable from inside the running app.",
      "To browse the demo data in Studio, seed a server database first:",
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parley pnpm seed",
    ].join("\n"),
  );
  process.exit(2);
}
process.exit(runPrisma(["studio", ...process.argv.slice(2)]));
