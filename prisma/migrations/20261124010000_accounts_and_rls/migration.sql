-- AlterTable
ALTER TABLE "chat_sessions" ADD COLUMN "message_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express: a counter trigger, and row-level security.

-- A conversation's message count and last activity follow its messages, whoever writes them.
CREATE FUNCTION "chat_messages_touch_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "chat_sessions"
       SET "message_count" = "message_count" + 1,
           "last_message_at" = GREATEST(COALESCE("last_message_at", NEW."created_at"), NEW."created_at"),
           "activity_at" = GREATEST("activity_at", NEW."created_at")
     WHERE "id" = NEW."session_id";
    RETURN NEW;
  END IF;
  UPDATE "chat_sessions" SET "message_count" = "message_count" - 1 WHERE "id" = OLD."session_id";
  RETURN OLD;
END $$;

CREATE TRIGGER "chat_messages_touch_session" AFTER INSERT OR DELETE ON "chat_messages"
  FOR EACH ROW EXECUTE FUNCTION "chat_messages_touch_session"();

-- The application's own role. Requests run as it (SET LOCAL ROLE) with the signed-in user in
-- app.user_id, so PostgreSQL itself keeps each user to their own rows. Roles are shared by
-- every database of a cluster, hence the guards.
DO $$
BEGIN
  CREATE ROLE "parley_app" NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT "parley_app" TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO "parley_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "models", "trading_runs", "trades", "price_marks",
  "chat_sessions", "chat_messages", "refresh_tokens" TO "parley_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "parley_app";

CREATE FUNCTION "app_current_user_id"() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('app.user_id', true), '')::uuid
$$;

-- SECURITY DEFINER so that the check can read users.role whatever the caller may see.
CREATE FUNCTION "app_current_user_is_admin"() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM "users" WHERE "id" = app_current_user_id() AND "role" = 'admin')
$$;

ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "models" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "trading_runs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "trades" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "price_marks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "chat_sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "chat_messages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "refresh_tokens" ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can view own profile" ON "users" FOR SELECT TO "parley_app"
  USING ("id" = app_current_user_id() OR app_current_user_is_admin());
CREATE POLICY "Users can update own profile" ON "users" FOR UPDATE TO "parley_app"
  USING ("id" = app_current_user_id()) WITH CHECK ("id" = app_current_user_id());

CREATE POLICY "Users can manage own refresh tokens" ON "refresh_tokens" FOR ALL TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());

CREATE POLICY "Users can view own models" ON "models" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id() OR app_current_user_is_admin());
CREATE POLICY "Users can create own models" ON "models" FOR INSERT TO "parley_app"
  WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can update own models" ON "models" FOR UPDATE TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can delete own models" ON "models" FOR DELETE TO "parley_app"
  USING ("user_id" = app_current_user_id());

CREATE POLICY "Users can view own runs" ON "trading_runs" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id() OR app_current_user_is_admin());

CREATE POLICY "Users can view own trades" ON "trades" FOR SELECT TO "parley_app"
  USING ("run_id" IN (SELECT "id" FROM "trading_runs"));
CREATE POLICY "Users can view own price marks" ON "price_marks" FOR SELECT TO "parley_app"
  USING ("run_id" IN (SELECT "id" FROM "trading_runs"));

CREATE POLICY "Users can view own chat sessions" ON "chat_sessions" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id());
CREATE POLICY "Admins can view all chat sessions" ON "chat_sessions" FOR SELECT TO "parley_app"
  USING (app_current_user_is_admin());
CREATE POLICY "Users can create own chat sessions" ON "chat_sessions" FOR INSERT TO "parley_app"
  WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can update own chat sessions" ON "chat_sessions" FOR UPDATE TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can delete own chat sessions" ON "chat_sessions" FOR DELETE TO "parley_app"
  USING ("user_id" = app_current_user_id());

CREATE POLICY "Users can view own chat messages" ON "chat_messages" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id());
CREATE POLICY "Admins can view all chat messages" ON "chat_messages" FOR SELECT TO "parley_app"
  USING (app_current_user_is_admin());
CREATE POLICY "Users can create own chat messages" ON "chat_messages" FOR INSERT TO "parley_app"
  WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can update own chat messages" ON "chat_messages" FOR UPDATE TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can delete own chat messages" ON "chat_messages" FOR DELETE TO "parley_app"
  USING ("user_id" = app_current_user_id());
