import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import pg from "pg";

/**
 * A fresh database for one benchmark, with a bare `pg` client on it for the baselines (the
 * same statements without the app's transaction, RLS or JSON), dropped afterwards.
 */
export async function withBenchDatabase<T>(work: (database: TestDatabase, bare: pg.Client) => Promise<T>): Promise<T> {
  const database = await createTestDatabase();
  const bare = new pg.Client({ connectionString: database.url });
  await bare.connect();
  try {
    return await work(database, bare);
  } finally {
    await bare.end();
    await database.drop();
  }
}
