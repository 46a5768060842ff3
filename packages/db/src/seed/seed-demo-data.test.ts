import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../passwords.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { demoCredentials, seedDemoData } from "./seed-demo-data.js";

let first: TestDatabase;
let second: TestDatabase;
beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([first.drop(), second.drop()]);
});

const tables = ["users", "models", "trading_runs", "trades", "price_marks", "chat_sessions", "chat_messages"];

async function counts(database: TestDatabase) {
  const entries = await Promise.all(
    tables.map(async (table) => {
      const [row] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return [table, row?.n] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** What the demo should look like, independent of generated ids. */
async function fingerprint(database: TestDatabase) {
  return database.sql.query(`
    SELECT m.name, r.status, count(t.*)::int AS fills, round(sum(t.realized_pnl), 2)::text AS realized,
           round(sum(t.fees), 2)::text AS fees
      FROM models m JOIN trading_runs r ON r.model_id = m.id JOIN trades t ON t.run_id = r.id
     GROUP BY m.name, r.id, r.status ORDER BY m.name, r.id`);
}

describe("demo seed", () => {
  it("creates users, three models, their runs with hundreds of fills, and conversations at each level", async () => {
    expect(await seedDemoData(first.prisma)).toEqual({ created: true });
    const c = await counts(first);
    expect(c.users).toBe(2);
    expect(c.models).toBe(3);
    expect(c.trading_runs).toBeGreaterThanOrEqual(6);
    expect(c.trades).toBeGreaterThan(1_500);
    const levels = await first.sql.query<{ level: string; n: number }>(`
      SELECT CASE WHEN run_id IS NOT NULL THEN 'run' WHEN model_id IS NOT NULL THEN 'model' ELSE 'general' END AS level,
             count(*)::int AS n FROM chat_sessions GROUP BY 1 ORDER BY 1`);
    expect(levels.map((l) => l.level)).toEqual(["general", "model", "run"]);
  });

  it("is idempotent: seeding again changes no count", async () => {
    const before = await counts(first);
    expect(await seedDemoData(first.prisma)).toEqual({ created: false });
    expect(await counts(first)).toEqual(before);
  });

  it("is deterministic: a second database gets the same data", async () => {
    await seedDemoData(second.prisma);
    expect(await fingerprint(second)).toEqual(await fingerprint(first));
  });

  it("has wins and losses, and open positions at the end of runs", async () => {
    const [pnl] = await first.sql.query<{ wins: number; losses: number }>(`
      SELECT count(*) FILTER (WHERE realized_pnl > 0)::int AS wins, count(*) FILTER (WHERE realized_pnl < 0)::int AS losses FROM trades`);
    expect(pnl?.wins).toBeGreaterThan(100);
    expect(pnl?.losses).toBeGreaterThan(100);
    const open = await first.sql.query(`
      SELECT run_id, symbol FROM trades GROUP BY run_id, symbol
      HAVING sum(CASE WHEN side = 'buy' THEN quantity ELSE -quantity END) <> 0`);
    expect(open.length).toBeGreaterThan(0);
  });

  it("keeps one active conversation per context and the demo login works", async () => {
    const [duplicates] = await first.sql.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM chat_sessions WHERE is_active
      GROUP BY user_id, model_id, run_id HAVING count(*) > 1) d`);
    expect(duplicates?.n).toBe(0);
    const user = await first.prisma.user.findUniqueOrThrow({ where: { email: demoCredentials.user.email } });
    expect(await verifyPassword(demoCredentials.user.password, user.passwordHash)).toBe(true);
  });
});
