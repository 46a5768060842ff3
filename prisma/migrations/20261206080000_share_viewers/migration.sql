-- Who may open a share link: anyone holding it (as before), or only a signed-in Parley user.

-- AlterTable
ALTER TABLE "conversation_shares" ADD COLUMN "signed_in_only" BOOLEAN NOT NULL DEFAULT false;

-- What schema.prisma cannot express.

-- The visitor's one way in now also says whether the link asks its reader to be signed in; the
-- server answers a signed-out reader of such a link "sign in" instead of the snapshot. A
-- function's result columns cannot change in place, so it is made again with the same grants.
DROP FUNCTION "shared_conversation"(text);
CREATE FUNCTION "shared_conversation"(text)
  RETURNS TABLE ("snapshot" jsonb, "created_at" timestamptz, "expires_at" timestamptz, "signed_in_only" boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT sh."snapshot", sh."created_at", sh."expires_at", sh."signed_in_only"
    FROM "conversation_shares" sh JOIN "chat_sessions" s ON s."id" = sh."session_id"
   WHERE sh."token_hash" = $1 AND sh."revoked_at" IS NULL
     AND (sh."expires_at" IS NULL OR sh."expires_at" > now()) AND s."deleted_at" IS NULL
$$;
REVOKE EXECUTE ON FUNCTION "shared_conversation"(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "shared_conversation"(text) TO "parley_app";
