import { createTokenService } from "@parley/api";
import type { TestDatabase } from "@parley/db/testing";
import type { Account } from "../streaming/server-api.js";

/**
 * `count` users with one titled conversation each, in a deployment's database, and an access
 * token for each signed with the deployment's secret. One user per conversation, as in real use
 * (sending locks the user's context); titled, so a send does not also ask the upstream for a
 * title. The same rows streaming/parley-entry.ts makes, made here because this benchmark's
 * instances share a database that none of them owns.
 */
export async function createAccounts(database: TestDatabase, jwtSecret: string, count: number): Promise<Account[]> {
  const tokens = createTokenService({ secret: jwtSecret });
  const rows = await database.sql.query<{ id: number; user_id: string }>(
    `WITH created AS (
       INSERT INTO users (email, password_hash, display_name)
       SELECT 'bench-' || i || '@bench.parley', 'not-a-real-hash', 'Bench ' || i
         FROM generate_series(1, $1::int) AS i
       RETURNING id)
     INSERT INTO chat_sessions (user_id, session_title, title_source)
     SELECT id, 'Bench conversation', 'generated' FROM created
     RETURNING id, user_id`,
    [count],
  );
  return Promise.all(
    rows.map(async (row) => ({ sessionId: row.id, token: (await tokens.signAccessToken({ id: row.user_id, role: "user" })).token })),
  );
}
