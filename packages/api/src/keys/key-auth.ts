import type { PrismaClient } from "@parley/db";
import type { Actor } from "../db/as-user.js";
import { hashApiKey, keyScopes, type KeyScope } from "./api-keys.js";

export type KeyCheck = { ok: true; actor: Actor; scopes: KeyScope[] } | { ok: false; reason: "revoked" | "unknown" };

interface KeyRow {
  user_id: string;
  role: "user" | "admin";
  scopes: string[];
  revoked: boolean;
}

/**
 * Looks the key up on every call (no cache): a revoked key is refused on the next call on every
 * instance. Runs as the owner, before anyone is signed in. `last_used_at` moves at most once a
 * minute, in the same statement, so a busy producer does not write a row per call.
 */
export async function checkApiKey(prisma: PrismaClient, secret: string): Promise<KeyCheck> {
  const keyHash = hashApiKey(secret);
  const [row] = await prisma.$queryRaw<KeyRow[]>`
    WITH touched AS (
      UPDATE api_keys SET last_used_at = now()
       WHERE key_hash = ${keyHash} AND revoked_at IS NULL
         AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
    )
    SELECT k.user_id, u.role::text AS role, k.scopes, k.revoked_at IS NOT NULL AS revoked
      FROM api_keys k JOIN users u ON u.id = k.user_id
     WHERE k.key_hash = ${keyHash}`;
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revoked) return { ok: false, reason: "revoked" };
  // A key acts with a user's rights, never an administrator's: admin.* is not a key's.
  const actor: Actor = { id: row.user_id, role: "user" };
  const scopes = row.scopes.filter((scope): scope is KeyScope => (keyScopes as readonly string[]).includes(scope));
  return { ok: true, actor, scopes };
}
