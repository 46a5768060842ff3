import { Prisma } from "@parley/db";
import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import type { ShareOutput } from "./schemas.js";
import { shareColumns, toShareOutput, type ShareRow } from "./share-row.js";

/** The user's links, newest first, of one conversation or of all (revoked ones included, marked). */
export async function listShares(tx: Db, actor: Actor, conversationId: number | undefined): Promise<ShareOutput[]> {
  const ofConversation = conversationId === undefined ? Prisma.empty : Prisma.sql`AND session_id = ${conversationId}`;
  const rows = await tx.$queryRaw<ShareRow[]>`
    SELECT ${shareColumns} FROM conversation_shares
     WHERE user_id = ${actor.id}::uuid ${ofConversation}
     ORDER BY created_at DESC, id DESC LIMIT 500`;
  return rows.map(toShareOutput);
}

/**
 * Revoking twice keeps the first time. Visitors read the link from the database on every view,
 * so it answers "not found" from the next view on, on every instance. Another user's link is
 * "not found" too: RLS hides it, and saying more would tell that it exists.
 */
export async function revokeShare(tx: Db, actor: Actor, shareId: string): Promise<ShareOutput> {
  const [row] = await tx.$queryRaw<ShareRow[]>`
    WITH revoked AS (
      UPDATE conversation_shares SET revoked_at = now()
       WHERE id = ${shareId}::uuid AND user_id = ${actor.id}::uuid AND revoked_at IS NULL
      RETURNING ${shareColumns})
    SELECT * FROM revoked
    UNION ALL
    SELECT ${shareColumns} FROM conversation_shares
     WHERE id = ${shareId}::uuid AND user_id = ${actor.id}::uuid AND NOT EXISTS (SELECT 1 FROM revoked)`;
  if (!row) throw notFound("Share link");
  return toShareOutput(row);
}
