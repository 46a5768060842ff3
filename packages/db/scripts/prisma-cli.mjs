// Runs the Prisma CLI offline. Its commands would download a schema-engine binary first, which
// these machines cannot fetch; naming any existing, non-executable file skips that download.
// (Never an executable such as /bin/true: then `migrate deploy` reports success and does nothing.)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const placeholder = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

export function runPrisma(args) {
  const env = { ...process.env };
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
  env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
  const result = spawnSync("pnpm", ["exec", "prisma", ...args, "--config", "prisma.config.ts"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  return result.status ?? 1;
}
