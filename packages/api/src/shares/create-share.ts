import { Prisma } from "@parley/db";
import { pathCte, shownLeaf } from "../chat/branches/branch-sql.js";
import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound } from "../errors.js";
import { modelSettingsOf } from "../sessions/model-settings.js";
import type { CreateShareInput, ShareOutput } from "./schemas.js";
import { hashShareToken, newShareToken } from "./share-token.js";
import { shareColumns, toShareOutput, type ShareRow } from "./share-row.js";

/**
 * Freezes the conversation's shown branch, as it is now, into the link's snapshot: one
 * statement, so the snapshot is one consistent moment. A reply still being written is left out
 * (its text is not final). Only what a visitor may see goes in: text, status, tool calls with
 * their results, times; no ids, and the model's configuration only when the owner asks for it
 * (frozen too, as the version the conversation is about). The conversation must be the user's
 * (and not deleted): otherwise nothing is inserted and it is "not found".
 */
export async function createShare(tx: Db, actor: Actor, input: CreateShareInput): Promise<{ share: ShareOutput; token: string }> {
  const token = newShareToken();
  const sessionId = input.conversationId;
  const from = Prisma.sql`SELECT ${shownLeaf(Prisma.sql`c`)} FROM chat_sessions c WHERE c.id = ${sessionId} AND c.user_id = ${actor.id}::uuid`;
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const withSettings = input.includeModelSettings === true;
  if (withSettings) await assertHasModel(tx, actor, sessionId);
  const [row] = await tx.$queryRaw<ShareRow[]>`
    WITH RECURSIVE ${pathCte({ sessionId, from })},
    shown AS (SELECT * FROM path WHERE status <> 'streaming')
    INSERT INTO conversation_shares
      (session_id, user_id, token_hash, token_prefix, through_message_id, message_count, snapshot, expires_at, signed_in_only)
    SELECT s.id, s.user_id, ${hashShareToken(token)}, ${token.slice(0, 8)},
           (SELECT id FROM shown ORDER BY depth LIMIT 1), (SELECT count(*)::int FROM shown),
           jsonb_build_object('title', s.session_title, 'messages', COALESCE((
             SELECT jsonb_agg(jsonb_build_object('role', role, 'content', content, 'status', status,
                                                 'toolsUsed', tools_used, 'createdAt', created_at) ORDER BY depth DESC)
               FROM shown), '[]'::jsonb))
             || CASE WHEN ${withSettings} THEN jsonb_build_object('modelSettings', ${modelSettingsOf(Prisma.sql`s`)}) ELSE '{}'::jsonb END,
           ${expiresAt}, ${input.viewers === "signed-in"}
      FROM chat_sessions s WHERE s.id = ${sessionId} AND s.user_id = ${actor.id}::uuid
    RETURNING ${shareColumns}`;
  if (!row) throw notFound("Conversation");
  return { share: toShareOutput(row), token };
}

/** Asking for the model's settings of a general conversation is a mistake to name, not to ignore. */
async function assertHasModel(tx: Db, actor: Actor, sessionId: number) {
  const [session] = await tx.$queryRaw<Array<{ model_id: number | null }>>`
    SELECT model_id FROM chat_sessions WHERE id = ${sessionId} AND user_id = ${actor.id}::uuid`;
  if (!session) throw notFound("Conversation");
  if (session.model_id === null) throw new AppError("INVALID_INPUT", "A general conversation has no model settings to share");
}
