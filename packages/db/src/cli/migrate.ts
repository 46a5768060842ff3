// `pnpm migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from "../open-database.js";
import { applyMigrations } from "../migrate/apply-migrations.js";
import { databaseConfig } from "./env.js";

const database = await openDatabase(databaseConfig);
try {
  const { applied } = await applyMigrations(database.sql);
  console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
  console.log(`(${database.kind} at ${database.location})`);
} finally {
  await database.close();
}
