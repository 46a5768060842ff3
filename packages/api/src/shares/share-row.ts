import { Prisma } from "@parley/db";
import type { ShareOutput } from "./schemas.js";

export interface ShareRow {
  id: string;
  session_id: number;
  token_prefix: string;
  through_message_id: number | null;
  message_count: number;
  includes_model_settings: boolean;
  signed_in_only: boolean;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** The owner's view of a link; never the snapshot (it can be large) nor the token's hash. */
export const shareColumns = Prisma.sql`id::text, session_id, token_prefix, through_message_id, message_count,
  snapshot ? 'modelSettings' AS includes_model_settings, signed_in_only, created_at, expires_at, revoked_at`;

export function toShareOutput(row: ShareRow): ShareOutput {
  return {
    id: row.id,
    conversationId: row.session_id,
    tokenPrefix: row.token_prefix,
    throughMessageId: row.through_message_id,
    messageCount: row.message_count,
    includesModelSettings: row.includes_model_settings,
    viewers: row.signed_in_only ? "signed-in" : "anyone",
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
