import type { SqlRunner } from "@parley/db";
import { createModel, createRun, createSession, createUser } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";

// Row-level security checked in SQL, beneath the API: whatever a query forgets, PostgreSQL keeps
// the application role to the signed-in user's rows.

/** Each protected table, which rows a user owns, a column an UPDATE may touch, and its row key. */
const tables = [
  { table: "users", ownedBy: "id = $1", column: "display_name", key: "id" },
  { table: "models", ownedBy: "user_id = $1", column: "name", key: "id" },
  { table: "trading_runs", ownedBy: "user_id = $1", column: "status", key: "id" },
  { table: "trades", ownedBy: "run_id IN (SELECT id FROM trading_runs WHERE user_id = $1)", column: "fees", key: "id" },
  { table: "price_marks", ownedBy: "run_id IN (SELECT id FROM trading_runs WHERE user_id = $1)", column: "price", key: "id" },
  // Kept by triggers on trades and price_marks (the seeded fill gives each user a day); the
  // application role may only read it, so it has no column to UPDATE.
  {
    table: "run_days",
    ownedBy: "run_id IN (SELECT id FROM trading_runs WHERE user_id = $1)",
    column: null,
    key: "run_id || '@' || day_end",
  },
  { table: "chat_sessions", ownedBy: "user_id = $1", column: "session_title", key: "id" },
  { table: "chat_messages", ownedBy: "user_id = $1", column: "content", key: "id" },
  { table: "refresh_tokens", ownedBy: "user_id = $1", column: "revoked_at", key: "id" },
  { table: "session_undo_actions", ownedBy: "user_id = $1", column: "action", key: "id" },
  // The app role may not DELETE keys (a revoke is an UPDATE of revoked_at), nor write versions.
  { table: "api_keys", ownedBy: "user_id = $1", column: null, key: "id" },
  { table: "model_versions", ownedBy: "user_id = $1", column: null, key: "model_id || '@' || version" },
  // A link's snapshot is frozen: the app role may update only revoked_at, and never delete.
  { table: "conversation_shares", ownedBy: "user_id = $1", column: null, key: "id" },
  // Written by the background jobs as the owner: the app role only reads it.
  { table: "background_usage", ownedBy: "user_id = $1", column: null, key: "id" },
] as const;
type TableSpec = (typeof tables)[number];

let server: TestServer;
const users = { a: "", b: "", admin: "" };

async function seedUser(role: "user" | "admin" = "user") {
  const prisma = server.database.prisma;
  const user = await createUser(prisma, { role });
  const model = await createModel(prisma, user.id);
  const run = await createRun(prisma, model);
  const at = new Date("2026-01-06T15:00:00Z");
  await prisma.trade.create({
    data: { runId: run.id, symbol: "AAPL", side: "buy", quantity: 1, price: 100, orderType: "market", executedAt: at },
  });
  await prisma.priceMark.create({ data: { runId: run.id, symbol: "AAPL", at, price: 100 } });
  const session = await createSession(prisma, user.id, { modelId: model.id });
  await prisma.chatMessage.create({ data: { sessionId: session.id, userId: user.id, role: "user", content: "mine" } });
  await prisma.refreshToken.create({
    data: { userId: user.id, tokenHash: `hash-${user.id}`, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  await prisma.sessionUndoAction.create({
    data: { userId: user.id, action: "archive", previous: [], expiresAt: new Date(Date.now() + 86_400_000) },
  });
  await prisma.apiKey.create({
    data: { userId: user.id, name: "engine", scopes: ["read"], keyHash: `hash-${user.id}`.slice(0, 64), keyPrefix: "pk_test" },
  });
  await prisma.conversationShare.create({
    data: {
      sessionId: session.id,
      userId: user.id,
      tokenHash: `share-${user.id}`.slice(0, 64),
      tokenPrefix: "share",
      messageCount: 1,
      snapshot: {},
    },
  });
  await prisma.backgroundUsage.create({
    data: { sessionId: session.id, userId: user.id, kind: "title", aiModel: "gpt-4o-mini", promptTokens: 10, completionTokens: 2 },
  });
  return user.id;
}

/** Runs `work` as the application role, as the API does, with `userId` as app.user_id when given. */
function asApp<T>(userId: string | null, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  return server.database.sql.transaction(async (sql) => {
    await sql.query("SET LOCAL ROLE parley_app");
    if (userId) await sql.query("SELECT set_config('app.user_id', $1, true)", [userId]);
    return work(sql);
  });
}

const visibleIds = (sql: SqlRunner, spec: { table: string; key: string }) =>
  sql.query<{ id: string }>(`SELECT (${spec.key})::text AS id FROM ${spec.table}`).then((rows) => rows.map((r) => r.id).sort());

async function idsOwnedBy(spec: TableSpec, userId: string) {
  const rows = await server.database.sql.query<{ id: string }>(
    `SELECT (${spec.key})::text AS id FROM ${spec.table} WHERE ${spec.ownedBy}`,
    [userId],
  );
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  server = await startTestServer();
  users.a = await seedUser();
  users.b = await seedUser();
  users.admin = await seedUser("admin");
});
afterAll(async () => {
  await server.stop();
});

describe("row-level security as parley_app", () => {
  it.each(tables)("$table: no rows at all without app.user_id", async (spec) => {
    expect((await idsOwnedBy(spec, users.a)).length).toBeGreaterThan(0);
    expect(await asApp(null, (sql) => visibleIds(sql, spec))).toEqual([]);
  });

  it.each(tables)("$table: a user sees exactly their own rows", async (spec) => {
    const mine = await idsOwnedBy(spec, users.a);
    const theirs = await idsOwnedBy(spec, users.b);
    expect(theirs.length).toBeGreaterThan(0);
    const visible = await asApp(users.a, (sql) => visibleIds(sql, spec));
    expect(visible).toEqual(mine);
    expect(visible.filter((id) => theirs.includes(id))).toEqual([]);
  });

  it.each(["chat_sessions", "chat_messages", "background_usage"])("%s: an admin sees every user's rows", async (table) => {
    const all = (await server.database.sql.query<{ id: string }>(`SELECT id::text AS id FROM ${table}`)).map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await asApp(users.admin, (sql) => visibleIds(sql, { table, key: "id" }))).toEqual(all.sort());
  });

  it("chat_sessions: a conversation pending deletion is seen by no one, its owner and admins included", async () => {
    const [session] = await server.database.sql.query<{ id: number }>(
      "INSERT INTO chat_sessions (user_id, deleted_at) VALUES ($1, now()) RETURNING id",
      [users.a],
    );
    try {
      for (const actor of [users.a, users.admin]) {
        expect(await asApp(actor, (sql) => visibleIds(sql, { table: "chat_sessions", key: "id" }))).not.toContain(String(session?.id));
      }
    } finally {
      await server.database.sql.query("DELETE FROM chat_sessions WHERE id = $1", [session?.id]);
    }
  });

  it("users: a user cannot make itself an administrator, though it may still edit its profile", async () => {
    const promote = asApp(users.a, (sql) => sql.query("UPDATE users SET role = 'admin' WHERE id = $1", [users.a]));
    await expect(promote).rejects.toThrow(/permission denied for table users/);
    const rename = asApp(users.a, (sql) =>
      sql.query<{ id: string }>("UPDATE users SET display_name = 'Renamed' WHERE id = $1 RETURNING id", [users.a]),
    );
    expect(await rename).toEqual([{ id: users.a }]);
    const [stored] = await server.database.sql.query<{ role: string }>("SELECT role FROM users WHERE id = $1", [users.a]);
    expect(stored?.role).toBe("user");
  });

  it("refuses to insert a conversation or a message in another user's name", async () => {
    const insertSession = asApp(users.a, (sql) => sql.query("INSERT INTO chat_sessions (user_id) VALUES ($1)", [users.b]));
    await expect(insertSession).rejects.toThrow(/row-level security policy for table "chat_sessions"/);
    const sessionsOfB = () => server.database.prisma.chatSession.findMany({ where: { userId: users.b }, select: { id: true } });
    const before = await sessionsOfB();
    const insertMessage = asApp(users.a, (sql) =>
      sql.query("INSERT INTO chat_messages (session_id, user_id, role, content) VALUES ($1, $2, 'user', 'x')", [before[0]?.id, users.b]),
    );
    await expect(insertMessage).rejects.toThrow(/row-level security policy for table "chat_messages"/);
    expect(await sessionsOfB()).toEqual(before);
    expect(await server.database.prisma.chatMessage.count({ where: { userId: users.b } })).toBe(1);
  });

  it.each(tables.filter((spec) => spec.column !== null))(
    "$table: UPDATE and DELETE of another user's rows affect nothing",
    async (spec) => {
      const theirs = await idsOwnedBy(spec, users.b);
      const where = `WHERE (${spec.key})::text = ANY($1::text[]) RETURNING 1`;
      for (const actor of [users.a, users.admin]) {
        const updated = await asApp(actor, (sql) =>
          sql.query(`UPDATE ${spec.table} SET ${spec.column} = ${spec.column} ${where}`, [theirs]),
        );
        const deleted = await asApp(actor, (sql) => sql.query(`DELETE FROM ${spec.table} ${where}`, [theirs]));
        expect({ updated: updated.length, deleted: deleted.length }).toEqual({ updated: 0, deleted: 0 });
      }
      expect(await idsOwnedBy(spec, users.b)).toEqual(theirs);
    },
  );

  it("run_days: the application role cannot write it at all, only the triggers do", async () => {
    const runDays = tables.find((spec) => spec.table === "run_days");
    if (!runDays) throw new Error("run_days is listed above");
    const theirs = await idsOwnedBy(runDays, users.b);
    for (const statement of [
      "UPDATE run_days SET fees = 0",
      "DELETE FROM run_days",
      "INSERT INTO run_days (run_id, day_end) VALUES (1, now())",
    ]) {
      await expect(asApp(users.a, (sql) => sql.query(statement))).rejects.toThrow(/permission denied for table run_days/);
    }
    expect(await idsOwnedBy(runDays, users.b)).toEqual(theirs);
  });
});

describe("the policies themselves", () => {
  it("keeps row-level security enabled on every table but the migrations' record, each tested above", async () => {
    const rows = await server.database.sql.query<{ relname: string; relrowsecurity: boolean }>(
      "SELECT relname, relrowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
    );
    const protectedTables = rows
      .filter((r) => r.relrowsecurity)
      .map((r) => r.relname)
      .sort();
    expect(protectedTables).toEqual(tables.map((t) => t.table).sort());
    expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual(["_prisma_migrations"]);
  });

  it("has the spec's policies on chat_sessions", async () => {
    const policies = await server.database.sql.query<{ policyname: string; cmd: string; roles: string }>(
      "SELECT policyname, cmd, roles::text FROM pg_policies WHERE schemaname = 'public' AND tablename = 'chat_sessions'",
    );
    expect(policies).toEqual(
      expect.arrayContaining([
        { policyname: "Users can view own chat sessions", cmd: "SELECT", roles: "{parley_app}" },
        { policyname: "Users can create own chat sessions", cmd: "INSERT", roles: "{parley_app}" },
        { policyname: "Users can update own chat sessions", cmd: "UPDATE", roles: "{parley_app}" },
        { policyname: "Admins can view all chat sessions", cmd: "SELECT", roles: "{parley_app}" },
      ]),
    );
  });
});
