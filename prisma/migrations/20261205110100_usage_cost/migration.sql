-- Tokens and cost: each reply's cost as priced when it was written, and the tokens and cost of
-- the work done besides replies (conversation titles and summaries).

-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN "cost_usd" DECIMAL(14,8);

-- CreateTable
CREATE TABLE "background_usage" (
    "id" SERIAL NOT NULL,
    "session_id" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "ai_model" VARCHAR(100) NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "completion_tokens" INTEGER NOT NULL,
    "cost_usd" DECIMAL(14,8),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "background_usage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "background_usage_session_id_idx" ON "background_usage"("session_id");

-- CreateIndex
CREATE INDEX "background_usage_user_id_created_at_idx" ON "background_usage"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "background_usage" ADD CONSTRAINT "background_usage_session_id_user_id_fkey" FOREIGN KEY ("session_id", "user_id") REFERENCES "chat_sessions"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express.

ALTER TABLE "background_usage" ADD CONSTRAINT "background_usage_kind_known" CHECK ("kind" IN ('title', 'summary'));
ALTER TABLE "background_usage" ADD CONSTRAINT "background_usage_counts_non_negative"
  CHECK ("prompt_tokens" >= 0 AND "completion_tokens" >= 0 AND ("cost_usd" IS NULL OR "cost_usd" >= 0));
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_cost_non_negative" CHECK ("cost_usd" IS NULL OR "cost_usd" >= 0);

-- Written by the background jobs as the owner; users read their own rows, admins every row.
GRANT SELECT ON "background_usage" TO "parley_app";
ALTER TABLE "background_usage" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view own background usage" ON "background_usage" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id() OR app_current_user_is_admin());
