import type { SqlRunner } from "@parley/db";
import { ExpiringMap } from "../coordination/expiring-map.js";
import type { Actor } from "../db/as-user.js";

// How long a signed-in user's existence and role are trusted before they are read again. An
// access token lives 15 minutes; a deleted account or a changed role takes effect within this.
const RECHECK_AFTER_MS = 10_000;

const knownAccounts = new WeakMap<SqlRunner, ExpiringMap<Actor["role"]>>();

/**
 * The account a validly signed token names, as it is now: null when it no longer exists (the
 * token was signed before it was deleted). Read as the owner: nobody is signed in yet. The role
 * comes from the database, not the token, so a demoted administrator is not one for 15 minutes.
 */
export async function currentAccount(sql: SqlRunner, userId: string): Promise<Actor | null> {
  let cache = knownAccounts.get(sql);
  if (!cache) knownAccounts.set(sql, (cache = new ExpiringMap()));
  const now = Date.now();
  const cached = cache.get(userId, now);
  if (cached) return { id: userId, role: cached };
  const [row] = await sql.query<{ role: Actor["role"] }>("SELECT role FROM users WHERE id = $1::uuid", [userId]);
  if (!row) return null;
  cache.set(userId, row.role, now + RECHECK_AFTER_MS, now);
  return { id: userId, role: row.role };
}
