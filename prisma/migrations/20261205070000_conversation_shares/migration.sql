-- Read-only share links: a conversation's shown branch frozen at share time, read by anyone
-- holding the link's token.

-- CreateTable
CREATE TABLE "conversation_shares" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "session_id" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "token_prefix" VARCHAR(16) NOT NULL,
    "through_message_id" INTEGER,
    "message_count" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversation_shares_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversation_shares_token_hash_key" ON "conversation_shares"("token_hash");

-- CreateIndex
CREATE INDEX "conversation_shares_user_id_created_at_idx" ON "conversation_shares"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "conversation_shares_session_id_idx" ON "conversation_shares"("session_id");

-- AddForeignKey
ALTER TABLE "conversation_shares" ADD CONSTRAINT "conversation_shares_session_id_user_id_fkey" FOREIGN KEY ("session_id", "user_id") REFERENCES "chat_sessions"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express.

-- The owner creates, lists and revokes their links. The frozen snapshot can never be changed by
-- the app: its role may update only revoked_at.
GRANT SELECT, INSERT ON "conversation_shares" TO "parley_app";
GRANT UPDATE ("revoked_at") ON "conversation_shares" TO "parley_app";
ALTER TABLE "conversation_shares" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can manage own shares" ON "conversation_shares" FOR ALL TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());

-- A visitor has no user: RLS shows them no row of any table. This one function, run as the
-- tables' owner, answers exactly one link by its token's hash, and only while the link is live
-- (not revoked, not expired) and its conversation not deleted; it returns the frozen snapshot
-- and nothing else of the owner.
CREATE FUNCTION "shared_conversation"(text)
  RETURNS TABLE ("snapshot" jsonb, "created_at" timestamptz, "expires_at" timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT sh."snapshot", sh."created_at", sh."expires_at"
    FROM "conversation_shares" sh JOIN "chat_sessions" s ON s."id" = sh."session_id"
   WHERE sh."token_hash" = $1 AND sh."revoked_at" IS NULL
     AND (sh."expires_at" IS NULL OR sh."expires_at" > now()) AND s."deleted_at" IS NULL
$$;
REVOKE EXECUTE ON FUNCTION "shared_conversation"(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "shared_conversation"(text) TO "parley_app";
