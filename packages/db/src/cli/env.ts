import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

// The database CLIs' configuration, read once (the server has its own env.ts).
const schema = z.object({
  DATABASE_URL: z.url().optional(),
  PARLEY_DATA_DIR: z.string().default(resolve(repoRoot, ".data")),
});

const env = schema.parse(process.env);

export const databaseConfig = {
  databaseUrl: env.DATABASE_URL,
  dataDir: resolve(env.PARLEY_DATA_DIR, "pglite"),
};
