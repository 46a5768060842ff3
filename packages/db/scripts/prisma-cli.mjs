// Runs the Prisma CLI offline. Its commands would download a schema-engine binary first, which
// these machines cannot fetch; naming any existing, non-executable file skips that download.
// (Never an executable such as /bin/true: then `migrate deploy` reports success and does nothing.)
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const placeholder = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

function prismaEnv(extraEnv) {
  const env = { ...process.env, ...extraEnv };
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
  env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
  return env;
}

const prismaArgs = (args) => ["exec", "prisma", ...args, "--config", "prisma.config.ts"];

/** Runs a Prisma command to the end and returns its exit status. */
export function runPrisma(args) {
  const result = spawnSync("pnpm", prismaArgs(args), { cwd: root, env: prismaEnv(), stdio: "inherit" });
  return result.status ?? 1;
}

/** Starts a Prisma command beside this process's own work (Studio beside the embedded database). */
export function spawnPrisma(args, extraEnv = {}) {
  return spawn("pnpm", prismaArgs(args), { cwd: root, env: prismaEnv(extraEnv), stdio: "inherit" });
}
