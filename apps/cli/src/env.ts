import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

// What the CLI reads from its environment, once. Nothing else in the CLI reads process.env.
const envSchema = z.object({
  /** Where the config file lives: $XDG_CONFIG_HOME/parley/config.json, else ~/.config/parley/config.json. */
  XDG_CONFIG_HOME: z.string().min(1).optional(),
  HOME: z.string().min(1).optional(),
  /** The server, when --url is not given (default http://127.0.0.1:3000). */
  PARLEY_URL: z.url().optional(),
});

export type CliEnv = z.infer<typeof envSchema>;

export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export function configFilePath(env: CliEnv): string {
  const base = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), ".config");
  return join(base, "parley", "config.json");
}
