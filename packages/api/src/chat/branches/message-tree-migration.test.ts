import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, defaultMigrationsDir, openDatabase, Prisma, seedDemoData, type Database } from "@parley/db";
import { createEmptyTestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMessages } from "../../sessions/messages.js";
import type { Reader } from "../../db/read-as-user.js";

// The message-tree migration on a copy of the seeded database as it was without it: every old
// conversation must read exactly as before (one branch, in the old order, paged the same), and
// a message written afterwards without a parent continues it.

const TREE_MIGRATION = "20261204130000_message_tree";
/** Built on the tree (it walks current_leaf_id), so it comes after it here too. */
const OFF_BRANCH_MIGRATION = "20261206100100_off_branch_follows_leaf";

let empty: Awaited<ReturnType<typeof createEmptyTestDatabase>>;
let database: Database;
let earlierMigrations: string;
beforeAll(async () => {
  empty = await createEmptyTestDatabase();
  database = await openDatabase({ databaseUrl: empty.url, dataDir: "" });
  earlierMigrations = await mkdtemp(join(tmpdir(), "parley-migrations-"));
  for (const name of await readdir(defaultMigrationsDir)) {
    // Every migration but the tree itself: the seed writes through today's Prisma client, which
    // expects the columns later migrations add (none of them but OFF_BRANCH_MIGRATION touches
    // the tree's columns).
    if (name !== TREE_MIGRATION && name !== OFF_BRANCH_MIGRATION)
      await cp(join(defaultMigrationsDir, name), join(earlierMigrations, name), { recursive: true });
  }
});
afterAll(async () => {
  await database.close();
  await empty.drop();
  await rm(earlierMigrations, { recursive: true, force: true });
});

interface OldMessage {
  id: number;
  session_id: number;
  role: string;
  content: string;
  status: string;
  created_at: Date;
}

const asOwner = (db: Database): Reader => ({ query: (statement: Prisma.Sql) => db.sql.query(statement.text, statement.values) });

describe("the message-tree migration", () => {
  it("keeps every seeded conversation as one branch that reads exactly as before", async () => {
    await applyMigrations(database.sql, earlierMigrations);
    expect(await seedDemoData(database.prisma)).toEqual({ created: true });
    const before = await database.sql.query<OldMessage>(
      "SELECT id, session_id, role::text AS role, content, status::text AS status, created_at FROM chat_messages ORDER BY session_id, id",
    );
    const sessions = await database.sql.query<{ id: number; user_id: string }>("SELECT id, user_id FROM chat_sessions ORDER BY id");
    expect(sessions.length).toBeGreaterThan(3);

    expect((await applyMigrations(database.sql)).applied).toEqual(expect.arrayContaining([TREE_MIGRATION, OFF_BRANCH_MIGRATION]));
    // One branch each: every message is on the branch shown, so search finds every one.
    expect(await database.sql.query("SELECT id FROM chat_messages WHERE off_branch")).toEqual([]);
    for (const session of sessions) {
      const old = before.filter((m) => m.session_id === session.id);
      const page = await listMessages(asOwner(database), session.user_id, { sessionId: session.id, limit: 200 });
      const read = page.messages.map((m) => ({ id: m.id, role: m.role, content: m.content, status: m.status, createdAt: m.createdAt }));
      expect(read).toEqual(
        old.map((m) => ({ id: m.id, role: m.role, content: m.content, status: m.status, createdAt: m.created_at.toISOString() })),
      );
      expect(page.messages.every((m) => m.versionIds.length === 1)).toBe(true);
      // Paged back two at a time, the same messages in the same order.
      const paged: number[] = [];
      let cursor: number | undefined;
      do {
        const older = await listMessages(asOwner(database), session.user_id, { sessionId: session.id, limit: 2, before: cursor });
        paged.unshift(...older.messages.map((m) => m.id));
        cursor = older.hasOlder ? older.messages[0]?.id : undefined;
      } while (cursor !== undefined);
      expect(paged).toEqual(old.map((m) => m.id));
    }
    // Seeding hundreds of fills takes a while on a loaded machine.
  }, 240_000);

  it("continues the branch with a message written without a parent", async () => {
    const [session] = await database.sql.query<{ id: number; user_id: string; leaf: number }>(
      "SELECT id, user_id, current_leaf_id AS leaf FROM chat_sessions WHERE message_count > 0 ORDER BY id LIMIT 1",
    );
    if (!session) throw new Error("the seed wrote no conversation");
    const added = await database.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: session.user_id, role: "user", content: "later" },
    });
    expect(added.parentId).toBe(session.leaf);
    const page = await listMessages(asOwner(database), session.user_id, { sessionId: session.id, limit: 1 });
    expect(page.messages.map((m) => m.id)).toEqual([added.id]);
  });
});
