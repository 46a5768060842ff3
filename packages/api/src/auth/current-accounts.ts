import type { SqlRunner } from "@parley/db";
import { ExpiringMap } from "../coordination/expiring-map.js";
import type { Actor } from "../db/as-user.js";

// How long a signed-in user's existence and role are trusted before they are read again. An
// access token lives 15 minutes; a deleted account or a changed role takes effect within this.
const RECHECK_AFTER_MS = 10_000;

type Lookup = Promise<Actor["role"] | null>;
const knownAccounts = new WeakMap<SqlRunner, ExpiringMap<Lookup>>();

/**
 * The account a validly signed token names, as it is now: null when it no longer exists (the
 * token was signed before it was deleted). Read as the owner: nobody is signed in yet. The role
 * comes from the database, not the token, so a demoted administrator is not one for 15 minutes.
 * One lookup per user at a time: a burst of one user's calls shares it instead of each taking a
 * pooled connection.
 */
export async function currentAccount(sql: SqlRunner, userId: string): Promise<Actor | null> {
  let cache = knownAccounts.get(sql);
  if (!cache) knownAccounts.set(sql, (cache = new ExpiringMap()));
  const now = Date.now();
  let lookup = cache.get(userId, now);
  if (!lookup) {
    lookup = sql
      .query<{ role: Actor["role"] }>("SELECT role FROM users WHERE id = $1::uuid", [userId])
      .then((rows) => rows[0]?.role ?? null);
    cache.set(userId, lookup, now + RECHECK_AFTER_MS, now);
    // Only an account found is remembered: a failed lookup is tried again by the next call.
    lookup.then(
      (role) => role ?? cache.delete(userId),
      () => cache.delete(userId),
    );
  }
  const role = await lookup;
  return role ? { id: userId, role } : null;
}
