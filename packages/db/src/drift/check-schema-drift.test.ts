import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlRunner } from "../sql-runner.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { checkSchemaDrift } from "./check-schema-drift.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
});

afterAll(async () => {
  await db?.drop();
});

class Rollback extends Error {}

// Each drift is made inside a transaction that is rolled back (PostgreSQL's DDL is
// transactional), so every case starts again from the freshly migrated database.
async function problemsAfter(ddl: string): Promise<string[]> {
  let problems: string[] = [];
  try {
    await db.sql.transaction(async (tx: SqlRunner) => {
      await tx.exec(ddl);
      ({ problems } = await checkSchemaDrift(tx));
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return problems;
}

const NOT_ALLOWED = "not in schema.prisma nor the drift allowlist";

describe("checkSchemaDrift", () => {
  it("finds nothing in a freshly migrated database", async () => {
    expect(await checkSchemaDrift(db.sql)).toEqual({ problems: [] });
  });

  it.each([
    ["a dropped column", `ALTER TABLE chat_messages DROP COLUMN error`, "column chat_messages.error: missing"],
    [
      "a nullability change",
      `ALTER TABLE chat_sessions ALTER COLUMN is_active DROP NOT NULL`,
      "chat_sessions.is_active: expected NOT NULL, found nullable",
    ],
    [
      "a list column made NOT NULL",
      `ALTER TABLE models ALTER COLUMN symbols SET NOT NULL`,
      "models.symbols: expected nullable, found NOT NULL",
    ],
    [
      "a shorter varchar",
      `ALTER TABLE users ALTER COLUMN display_name TYPE varchar(50)`,
      "users.display_name: expected type character varying(100), found character varying(50)",
    ],
    [
      "a timestamp without time zone",
      `ALTER TABLE trades ALTER COLUMN executed_at TYPE timestamp(3)`,
      "trades.executed_at: expected type timestamp(3) with time zone, found timestamp(3) without time zone",
    ],
    [
      "a changed default",
      `ALTER TABLE chat_sessions ALTER COLUMN session_title SET DEFAULT 'Untitled'`,
      "chat_sessions.session_title: expected default 'New conversation', found default 'Untitled'",
    ],
    [
      "a changed list default",
      `ALTER TABLE models ALTER COLUMN allowed_order_types SET DEFAULT '{market}'`,
      "models.allowed_order_types: expected default ARRAY['market', 'limit'], found default ARRAY['market']",
    ],
    [
      "a dropped default",
      `ALTER TABLE chat_messages ALTER COLUMN created_at DROP DEFAULT`,
      "chat_messages.created_at: expected default CURRENT_TIMESTAMP, found no default",
    ],
  ])("reports %s", async (_case, ddl, problem) => {
    expect(await problemsAfter(ddl)).toEqual([problem]);
  });

  it.each([
    ["a dropped index", `DROP INDEX chat_messages_session_id_id_idx`, "index chat_messages_session_id_id_idx on chat_messages: missing"],
    [
      "an index that lost its sort order",
      `DROP INDEX chat_messages_session_id_id_idx;
       CREATE INDEX chat_messages_session_id_id_idx ON chat_messages (session_id, id)`,
      "index chat_messages_session_id_id_idx on chat_messages: expected columns (session_id, id DESC), found (session_id, id)",
    ],
    [
      "a unique index made plain",
      `DROP INDEX users_email_key; CREATE INDEX users_email_key ON users (email)`,
      "index users_email_key on users: expected UNIQUE, found not unique",
    ],
    [
      "an index made partial",
      `DROP INDEX trading_runs_user_id_idx;
       CREATE INDEX trading_runs_user_id_idx ON trading_runs (user_id) WHERE ended_at IS NULL`,
      "index trading_runs_user_id_idx on trading_runs: expected a plain index, found a partial, expression or INCLUDE index",
    ],
    [
      "an extra index",
      `CREATE INDEX users_display_name_idx ON users (display_name)`,
      `index users_display_name_idx on users: ${NOT_ALLOWED}`,
    ],
  ])("reports %s", async (_case, ddl, problem) => {
    expect(await problemsAfter(ddl)).toEqual([problem]);
  });

  it.each([
    ["a dropped foreign key", `ALTER TABLE trades DROP CONSTRAINT trades_run_id_fkey`, "foreign key trades_run_id_fkey on trades: missing"],
    [
      "a changed ON DELETE",
      `ALTER TABLE trades DROP CONSTRAINT trades_run_id_fkey;
       ALTER TABLE trades ADD CONSTRAINT trades_run_id_fkey FOREIGN KEY (run_id) REFERENCES trading_runs (id)
         ON DELETE SET NULL ON UPDATE CASCADE`,
      "foreign key trades_run_id_fkey on trades: expected ON DELETE CASCADE, found ON DELETE SET NULL",
    ],
    [
      "a changed ON UPDATE",
      `ALTER TABLE chat_sessions DROP CONSTRAINT chat_sessions_model_id_user_id_fkey;
       ALTER TABLE chat_sessions ADD CONSTRAINT chat_sessions_model_id_user_id_fkey FOREIGN KEY (model_id, user_id)
         REFERENCES models (id, user_id) ON DELETE NO ACTION ON UPDATE NO ACTION`,
      "foreign key chat_sessions_model_id_user_id_fkey on chat_sessions: expected ON UPDATE CASCADE, found ON UPDATE NO ACTION",
    ],
    [
      "an extra foreign key",
      `ALTER TABLE chat_sessions ADD CONSTRAINT chat_sessions_summary_fkey
         FOREIGN KEY (summary_through_message_id) REFERENCES chat_messages (id)`,
      `foreign key chat_sessions_summary_fkey on chat_sessions: ${NOT_ALLOWED}`,
    ],
    [
      "a dropped primary key",
      `ALTER TABLE price_marks DROP CONSTRAINT price_marks_pkey`,
      "primary key on price_marks: expected price_marks_pkey (id), found none",
    ],
  ])("reports %s", async (_case, ddl, problem) => {
    expect(await problemsAfter(ddl)).toEqual([problem]);
  });

  it.each([
    [
      "an extra enum value",
      `ALTER TYPE trade_side ADD VALUE 'short'`,
      "enum trade_side: expected values (buy, sell), found (buy, sell, short)",
    ],
    ["an extra enum", `CREATE TYPE mood AS ENUM ('calm')`, `enum mood: ${NOT_ALLOWED}`],
    ["an extra table", `CREATE TABLE audit_log (id integer)`, `table audit_log: ${NOT_ALLOWED}`],
    ["an extra column", `ALTER TABLE users ADD COLUMN nickname text`, `column users.nickname: ${NOT_ALLOWED}`],
    [
      "an extra check constraint",
      `ALTER TABLE users ADD CONSTRAINT users_name_short CHECK (length(display_name) < 50)`,
      `check constraint users_name_short on users: ${NOT_ALLOWED}`,
    ],
    [
      "an extra policy",
      `CREATE POLICY "Anyone can read users" ON users FOR SELECT USING (true)`,
      `policy Anyone can read users on users: ${NOT_ALLOWED}`,
    ],
    ["an extra function", `CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'`, `function answer(): ${NOT_ALLOWED}`],
    [
      "a dropped allowlisted policy",
      `DROP POLICY "Users can view own runs" ON trading_runs`,
      "policy Users can view own runs on trading_runs: missing (it is on the drift allowlist)",
    ],
    [
      "row-level security turned off",
      `ALTER TABLE chat_messages DISABLE ROW LEVEL SECURITY`,
      "row level security enabled on chat_messages: missing (it is on the drift allowlist)",
    ],
  ])("reports %s", async (_case, ddl, problem) => {
    expect(await problemsAfter(ddl)).toEqual([problem]);
  });

  it("ignores the migrator's own table", async () => {
    expect(await problemsAfter(`ALTER TABLE _prisma_migrations ADD COLUMN note text`)).toEqual([]);
  });
});
