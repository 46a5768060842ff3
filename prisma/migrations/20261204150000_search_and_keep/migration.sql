-- Find and keep: pin, archive, tags, deletion with an undo window, and full-text search.

-- AlterTable
ALTER TABLE "chat_sessions" ADD COLUMN "is_pinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "archived_at" TIMESTAMPTZ(3),
ADD COLUMN "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "deleted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "session_undo_actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "action" VARCHAR(20) NOT NULL,
    "previous" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_undo_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_undo_actions_user_id_idx" ON "session_undo_actions"("user_id");

-- AddForeignKey
ALTER TABLE "session_undo_actions" ADD CONSTRAINT "session_undo_actions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express.

-- Tags: a short list of short labels, never NULL (Prisma's lists are nullable columns).
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_tags_limit"
  CHECK ("tags" IS NOT NULL AND cardinality("tags") <= 20 AND octet_length(array_to_string("tags", '')) <= 4000);

-- The search documents, kept by the database itself whoever writes a title or a message.
ALTER TABLE "chat_sessions" ADD COLUMN "title_search" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', "session_title")) STORED;
ALTER TABLE "chat_messages" ADD COLUMN "content_search" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', "content")) STORED;
CREATE INDEX "chat_sessions_title_search_idx" ON "chat_sessions" USING GIN ("title_search");
CREATE INDEX "chat_messages_content_search_idx" ON "chat_messages" USING GIN ("content_search");

-- The list: pinned first, then by activity, without archived or deleted conversations; one
-- index for every context and one per context, as the lists they serve.
CREATE INDEX "chat_sessions_listed_idx" ON "chat_sessions"
  ("user_id", "is_pinned" DESC, "activity_at" DESC, "id" DESC)
  WHERE "archived_at" IS NULL AND "deleted_at" IS NULL;
CREATE INDEX "chat_sessions_context_listed_idx" ON "chat_sessions"
  ("user_id", "model_id", "run_id", "is_pinned" DESC, "activity_at" DESC, "id" DESC)
  WHERE "archived_at" IS NULL AND "deleted_at" IS NULL;
-- The purge of conversations whose undo window has ended.
CREATE INDEX "chat_sessions_deleted_idx" ON "chat_sessions"("deleted_at") WHERE "deleted_at" IS NOT NULL;

-- A conversation being deleted is gone for every request at once: the user's and the admins'
-- read policies leave it out, so lists, search, reads and sends never see it. Only the undo
-- (run as the owner, for its user) and the purge reach it.
DROP POLICY "Users can view own chat sessions" ON "chat_sessions";
DROP POLICY "Admins can view all chat sessions" ON "chat_sessions";
CREATE POLICY "Users can view own chat sessions" ON "chat_sessions" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id() AND "deleted_at" IS NULL);
CREATE POLICY "Admins can view all chat sessions" ON "chat_sessions" FOR SELECT TO "parley_app"
  USING (app_current_user_is_admin() AND "deleted_at" IS NULL);

GRANT SELECT, INSERT, UPDATE, DELETE ON "session_undo_actions" TO "parley_app";
ALTER TABLE "session_undo_actions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can manage own undo actions" ON "session_undo_actions" FOR ALL TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());

-- Marking a conversation deleted hides it from its owner's own read policy, which PostgreSQL
-- also applies to the updated row; so the two moves across that line are these functions,
-- run as the owner of the tables but only ever on the signed-in user's rows.
CREATE FUNCTION "mark_sessions_deleted"(integer[]) RETURNS integer LANGUAGE sql SECURITY DEFINER
  SET search_path = public AS $$
  WITH marked AS (
    UPDATE "chat_sessions" SET "deleted_at" = now(), "is_active" = false
     WHERE "id" = ANY($1) AND "user_id" = app_current_user_id() AND "deleted_at" IS NULL
    RETURNING 1)
  SELECT count(*)::integer FROM marked
$$;
CREATE FUNCTION "restore_deleted_sessions"(integer[]) RETURNS integer LANGUAGE sql SECURITY DEFINER
  SET search_path = public AS $$
  WITH restored AS (
    UPDATE "chat_sessions" SET "deleted_at" = NULL
     WHERE "id" = ANY($1) AND "user_id" = app_current_user_id() AND "deleted_at" IS NOT NULL
    RETURNING 1)
  SELECT count(*)::integer FROM restored
$$;
REVOKE EXECUTE ON FUNCTION "mark_sessions_deleted"(integer[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "restore_deleted_sessions"(integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "mark_sessions_deleted"(integer[]) TO "parley_app";
GRANT EXECUTE ON FUNCTION "restore_deleted_sessions"(integer[]) TO "parley_app";
