import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const defaultMigrationsDir = fileURLToPath(new URL("../../../../prisma/migrations", import.meta.url));

export interface MigrationFile {
  name: string;
  script: string;
  /** Hex SHA-256 of the script, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** The migrations in Prisma's layout (`<timestamp>_<name>/migration.sql`), oldest first. */
export async function readMigrations(dir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(script).digest("hex");
      return { name, script, checksum };
    }),
  );
}
