// Read by the Prisma CLI (generate, studio, and `migrate deploy` where its engine can be fetched).
// The app itself connects through packages/db, which chooses PostgreSQL or embedded PGlite.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley" },
});
