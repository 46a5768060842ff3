import { Prisma } from "@parley/db";
import { pathCte, shownLeaf } from "../chat/branches/branch-sql.js";
import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound } from "../errors.js";
import { modelSettingsOf } from "../sessions/model-settings.js";
import type { CreateShareInput, ShareOutput } from "./schemas.js";
import { hashShareToken, newShareToken } from "./share-token.js";
import { shareColumns, toShareOutput, type ShareRow } from "./share-row.js";
import { shareableTools } from "./shareable-tools.js";

/**
 * Freezes the conversation's shown branch, as it is now, into the link's snapshot. The branch is
 * read in one statement, so the snapshot is one consistent moment; a reply still being written is
 * left out (its text is not final). Only what a visitor may see goes in: text, status, times, and
 * tool results without row ids or configuration (shareable-tools.ts); the model's configuration
 * only when the owner asks for it (frozen too, as the version the conversation is about). The
 * conversation must be the user's (and not deleted): otherwise it is "not found".
 */
export async function createShare(tx: Db, actor: Actor, input: CreateShareInput): Promise<{ share: ShareOutput; token: string }> {
  const token = newShareToken();
  const sessionId = input.conversationId;
  const withSettings = input.includeModelSettings === true;
  if (withSettings) await assertHasModel(tx, actor, sessionId);
  const shown = await readShownBranch(tx, actor, sessionId, withSettings);
  if (!shown) throw notFound("Conversation");
  const messages = shown.messages.map(({ toolsUsed, ...message }) => ({
    ...message,
    toolsUsed: shareableTools(toolsUsed, { withSettings }),
  }));
  const snapshot = { title: shown.title, messages, ...(withSettings ? { modelSettings: shown.modelSettings } : {}) };
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const [row] = await tx.$queryRaw<ShareRow[]>`
    INSERT INTO conversation_shares
      (session_id, user_id, token_hash, token_prefix, through_message_id, message_count, snapshot, expires_at, signed_in_only)
    SELECT s.id, s.user_id, ${hashShareToken(token)}, ${token.slice(0, 8)}, ${shown.throughMessageId}, ${messages.length},
           ${JSON.stringify(snapshot)}::jsonb, ${expiresAt}, ${input.viewers === "signed-in"}
      FROM chat_sessions s WHERE s.id = ${sessionId} AND s.user_id = ${actor.id}::uuid
    RETURNING ${shareColumns}`;
  if (!row) throw notFound("Conversation");
  return { share: toShareOutput(row), token };
}

interface ShownBranch {
  title: string;
  throughMessageId: number | null;
  messages: Array<{ role: string; content: string; status: string; toolsUsed: unknown; createdAt: string }>;
  modelSettings: unknown;
}

async function readShownBranch(tx: Db, actor: Actor, sessionId: number, withSettings: boolean): Promise<ShownBranch | undefined> {
  const from = Prisma.sql`SELECT ${shownLeaf(Prisma.sql`c`)} FROM chat_sessions c WHERE c.id = ${sessionId} AND c.user_id = ${actor.id}::uuid`;
  const [branch] = await tx.$queryRaw<Array<{ branch: ShownBranch }>>`
    WITH RECURSIVE ${pathCte({ sessionId, from })},
    shown AS (SELECT * FROM path WHERE status <> 'streaming')
    SELECT jsonb_build_object(
             'title', s.session_title,
             'throughMessageId', (SELECT id FROM shown ORDER BY depth LIMIT 1),
             'messages', COALESCE((
               SELECT jsonb_agg(jsonb_build_object('role', role, 'content', content, 'status', status,
                                                   'toolsUsed', tools_used, 'createdAt', created_at) ORDER BY depth DESC)
                 FROM shown), '[]'::jsonb),
             'modelSettings', CASE WHEN ${withSettings} THEN ${modelSettingsOf(Prisma.sql`s`)} END) AS branch
      FROM chat_sessions s WHERE s.id = ${sessionId} AND s.user_id = ${actor.id}::uuid`;
  return branch?.branch;
}

/** Asking for the model's settings of a general conversation is a mistake to name, not to ignore. */
async function assertHasModel(tx: Db, actor: Actor, sessionId: number) {
  const [session] = await tx.$queryRaw<Array<{ model_id: number | null }>>`
    SELECT model_id FROM chat_sessions WHERE id = ${sessionId} AND user_id = ${actor.id}::uuid`;
  if (!session) throw notFound("Conversation");
  if (session.model_id === null) throw new AppError("INVALID_INPUT", "A general conversation has no model settings to share");
}
