// What tests, benchmarks and their child processes read from the environment: only here.

/** The PostgreSQL that test databases are created on (each test file gets its own). */
export const testDatabaseAdminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The shared Redis of the tests (each uses its own key namespace). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The environment a child process inherits (PATH and the rest), plus `extra`. */
export function childEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Runs `work` with NODE_ENV=production (a production build of the web app), then restores it. */
export async function withProductionNodeEnv<T>(work: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
