import { Prisma, type Database } from "@parley/db";
import { createSession, createUser } from "@parley/db/testing";
import { testDrivers } from "./test-drivers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAsUser } from "./read-as-user.js";

// The hot-read path must hold every guarantee of `asUser`, on both drivers: PostgreSQL through
// the pool, and PGlite, where every caller shares the one connection.

describe.each(Object.entries(testDrivers))("readAsUser on %s", (_driver, open) => {
  let database: Database;
  let drop: () => Promise<unknown>;
  const users = { a: "", b: "" };

  beforeAll(async () => {
    ({ database, drop } = await open());
    for (const key of ["a", "b"] as const) {
      const user = await createUser(database.prisma);
      await createSession(database.prisma, user.id, {});
      users[key] = user.id;
    }
    // Migrating a fresh embedded database takes long on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await drop?.();
  });

  const actor = () => ({ id: users.a, role: "user" as const });
  const whoAmI = Prisma.sql`SELECT current_user AS role, current_setting('app.user_id', true) AS user_id, pg_backend_pid() AS pid`;

  it("shows only the user's rows, even to a query without an owner filter", async () => {
    const rows = await readAsUser(database.sql, actor(), (reader) =>
      reader.query<{ user_id: string }>(Prisma.sql`SELECT user_id FROM chat_sessions`),
    );
    expect(rows.map((row) => row.user_id)).toEqual([users.a]);
  });

  it("refuses to write", async () => {
    const rename = readAsUser(database.sql, actor(), (reader) => reader.query(Prisma.sql`UPDATE chat_sessions SET session_title = 'x'`));
    await expect(rename).rejects.toThrow(/read-only transaction/);
    expect(await database.prisma.chatSession.count({ where: { sessionTitle: "x" } })).toBe(0);
  });

  it("hands the connection back as the owner with no user, after success and after failure", async () => {
    type WhoAmI = { role: string; user_id: string | null; pid: number };
    let inside: WhoAmI | undefined;
    const expectReset = async () => {
      expect(inside).toMatchObject({ role: "parley_app", user_id: users.a });
      // The pool hands out the connection released last: the same backend, checked, not assumed.
      const [after] = await database.sql.query<WhoAmI>(whoAmI.text);
      expect(after?.pid).toBe(inside?.pid);
      expect(after?.role).not.toBe("parley_app");
      expect(after?.user_id ?? "").toBe("");
    };
    await readAsUser(database.sql, actor(), async (reader) => {
      [inside] = await reader.query<WhoAmI>(whoAmI);
    });
    await expectReset();
    const failing = readAsUser(database.sql, actor(), async (reader) => {
      [inside] = await reader.query<WhoAmI>(whoAmI);
      await reader.query(Prisma.sql`SELECT 1 / 0`);
    });
    await expect(failing).rejects.toThrow(/division by zero/);
    await expectReset();
  });
});
