import type { SqlRunner } from "@parley/db";
import { AppError, notFound } from "../errors.js";
import { describeConfig, type VersionConfig } from "../models/config-diff.js";
import type { ModelSettings } from "../sessions/model-settings.js";
import { sharedConversationOutput, type SharedConversation } from "./schemas.js";
import { shareableTools } from "./shareable-tools.js";
import { hashShareToken } from "./share-token.js";

interface SharedRow {
  snapshot: unknown;
  created_at: Date;
  expires_at: Date | null;
  signed_in_only: boolean;
}

/** Who is reading: a link its owner kept to signed-in users needs a person signed in (any account). */
export interface ShareReader {
  signedIn: boolean;
}

/**
 * A visitor's read: the application role with no user, read-only, so row-level security shows
 * no row of any table; the one way in is shared_conversation(), which answers a live link by its
 * token's hash with the frozen snapshot only. Unknown, revoked, expired, or its conversation
 * deleted: all the same "not found", so a visitor learns nothing about which. A live link kept to
 * signed-in users answers a signed-out reader "sign in" (UNAUTHENTICATED), and nothing of the
 * conversation: whoever holds the link learns only that it works once they sign in.
 */
export async function viewShare(sql: SqlRunner, token: string, reader: ShareReader): Promise<SharedConversation> {
  const row = await liveShare(sql, token);
  if (!row) throw notFound("Shared conversation");
  if (row.signed_in_only && !reader.signedIn) {
    throw new AppError("UNAUTHENTICATED", "Sign in to read this conversation: the person who shared it kept it to signed-in users");
  }
  return toSharedConversation(row);
}

interface SnapshotMessage {
  createdAt: string;
  toolsUsed: unknown;
}

function toSharedConversation(row: SharedRow): SharedConversation {
  const snapshot = row.snapshot as { title: string; messages: SnapshotMessage[]; modelSettings?: ModelSettings | null };
  const settings = snapshot.modelSettings;
  // jsonb keeps times with an offset ("…+00:00"); the contract speaks ISO UTC ("…Z").
  // Links made before tool results were scrubbed on the way in are scrubbed on the way out.
  const withSettings = settings != null;
  const messages = snapshot.messages.map((message) => ({
    ...message,
    toolsUsed: shareableTools(message.toolsUsed, { withSettings }),
    createdAt: new Date(message.createdAt).toISOString(),
  }));
  return sharedConversationOutput.parse({
    title: snapshot.title,
    sharedAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    messages,
    modelSettings: settings ? { version: settings.version, fields: describeConfig(settings.config as Partial<VersionConfig>) } : null,
  });
}

/** The live link's row, read as a visitor (see viewShare); undefined for any link that is not live. */
async function liveShare(sql: SqlRunner, token: string): Promise<SharedRow | undefined> {
  const [row] = await sql.transaction(async (tx) => {
    await tx.query(`SELECT set_config('role', 'parley_app', true), set_config('transaction_read_only', 'on', true)`);
    return tx.query<SharedRow>(`SELECT snapshot, created_at, expires_at, signed_in_only FROM shared_conversation($1)`, [
      hashShareToken(token),
    ]);
  });
  return row;
}

/**
 * Whether /s/<token> is a live link, for the page's HTTP status: a revoked, expired or unknown
 * link's page answers 404 (as the API does), so crawlers, link checkers and caches see it gone.
 */
export async function isLiveShare(sql: SqlRunner, token: string): Promise<boolean> {
  if (token.length === 0 || token.length > 200) return false;
  return (await liveShare(sql, token)) !== undefined;
}
