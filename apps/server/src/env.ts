import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePriceOverrides } from "@parley/api";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

// A schedule's period in minutes (at most a week), or `off`/`0` for no schedule (null).
const minutesOrOff = z.union([
  z.enum(["off", "0"]).transform(() => null),
  z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60),
]);

// Everything the server reads from its environment, validated once at start-up.
// Nothing else in the server reads process.env.
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url().optional(),
  PARLEY_DATA_DIR: z.string().default(resolve(repoRoot, ".data")),
  PARLEY_SEED_DEMO: flag.optional(),
  /** Behind a reverse proxy that terminates TLS: believe its X-Forwarded-Proto/Host (Secure cookie, Origin check). */
  PARLEY_TRUST_PROXY: flag.default(false),
  PARLEY_WEB_DIST: z.string().default(resolve(repoRoot, "apps/web/dist")),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  PARLEY_CHAT_MODEL: z.string().default("gpt-4o-mini"),
  PARLEY_TITLE_MODEL: z.string().default("gpt-4o-mini"),
  PARLEY_SUMMARY_MODEL: z.string().default("gpt-4o-mini"),
  PARLEY_FORCE_CHAT_MODEL: z.string().min(1).optional(),
  PARLEY_PROVIDER_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(45_000),
  PARLEY_PROVIDER_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  PARLEY_PROVIDER_SLOW_NOTICE_MS: z.coerce.number().int().min(0).default(10_000),
  // Comma-separated; unset: packages/api/src/limits.ts's defaultAllowedAiModels.
  PARLEY_ALLOWED_AI_MODELS: z
    .string()
    .transform((list) =>
      list
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(100)).min(1, "PARLEY_ALLOWED_AI_MODELS must name at least one model"))
    .optional(),
  // JSON: {"<AI model>": {"inputPerMillion": USD, "outputPerMillion": USD}, …}, over the defaults
  // of packages/api/src/usage/prices.ts.
  PARLEY_PRICES: z
    .string()
    .transform((text, context) => {
      try {
        return parsePriceOverrides(text);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  PARLEY_SIGNUPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).optional(),
  PARLEY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Prometheus /metrics on this port (0: any free one); unset: off. */
  PARLEY_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  PARLEY_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  REDIS_URL: z.url().optional(),
  PARLEY_REDIS_NAMESPACE: z
    .string()
    .regex(/^[\w.-]+$/)
    .default("parley"),
  PARLEY_REDIS_CLUSTER: flag.default(false),
  PARLEY_REDIS_PUBLISH: z.enum(["batched", "per-event"]).default("batched"),
  PARLEY_RATE_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  PARLEY_MAX_CONCURRENT_REPLIES: z.coerce.number().int().min(1).default(3),
  PARLEY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  PARLEY_REPLY_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  PARLEY_CLEANUP_INTERVAL_MINUTES: minutesOrOff.default(60),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
