export * from "./client.js";
export { openDatabase, openMigratedDatabase, type Database, type DatabaseConfig } from "./open-database.js";
export { applyMigrations, MigrationError } from "./migrate/apply-migrations.js";
export { readMigrations, defaultMigrationsDir } from "./migrate/read-migrations.js";
export type { SqlRunner } from "./sql-runner.js";
export { hashPassword, verifyPassword } from "./passwords.js";
export { seedDemoData, demoCredentials } from "./seed/seed-demo-data.js";
