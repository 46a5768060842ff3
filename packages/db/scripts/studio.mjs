// Prisma Studio on the configured PostgreSQL database (DATABASE_URL).
import { runPrisma } from "./prisma-cli.mjs";

process.exit(runPrisma(["studio", ...process.argv.slice(2)]));
