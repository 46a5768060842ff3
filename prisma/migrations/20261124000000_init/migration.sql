-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('user', 'admin');

-- CreateEnum
CREATE TYPE "trading_mode" AS ENUM ('paper', 'live');

-- CreateEnum
CREATE TYPE "trading_style" AS ENUM ('scalping', 'day_trading', 'swing', 'position');

-- CreateEnum
CREATE TYPE "instrument_class" AS ENUM ('stocks', 'etfs', 'options', 'futures', 'crypto', 'forex');

-- CreateEnum
CREATE TYPE "order_type" AS ENUM ('market', 'limit', 'stop', 'stop_limit', 'trailing_stop');

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('running', 'completed', 'stopped', 'failed');

-- CreateEnum
CREATE TYPE "trade_side" AS ENUM ('buy', 'sell');

-- CreateEnum
CREATE TYPE "asset_type" AS ENUM ('stock', 'option', 'future', 'crypto', 'forex');

-- CreateEnum
CREATE TYPE "message_role" AS ENUM ('user', 'assistant');

-- CreateEnum
CREATE TYPE "message_status" AS ENUM ('streaming', 'complete', 'stopped', 'failed', 'interrupted');

-- CreateEnum
CREATE TYPE "title_source" AS ENUM ('default', 'provisional', 'generated', 'user');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(320) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "display_name" VARCHAR(100) NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" SERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "default_ai_model" VARCHAR(100) NOT NULL,
    "trading_mode" "trading_mode" NOT NULL DEFAULT 'paper',
    "trading_style" "trading_style" NOT NULL,
    "instrument" "instrument_class" NOT NULL,
    "symbols" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "margin_account" BOOLEAN NOT NULL DEFAULT false,
    "buying_power" DECIMAL(18,2) NOT NULL,
    "allow_shorting" BOOLEAN NOT NULL DEFAULT false,
    "allow_options_strategies" BOOLEAN NOT NULL DEFAULT false,
    "allow_hedging" BOOLEAN NOT NULL DEFAULT false,
    "allowed_order_types" "order_type"[] DEFAULT ARRAY['market', 'limit']::"order_type"[],
    "custom_rules" TEXT,
    "custom_instructions" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_runs" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "starting_capital" DECIMAL(18,2) NOT NULL,
    "settings_snapshot" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trading_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trades" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "symbol" VARCHAR(32) NOT NULL,
    "asset_type" "asset_type" NOT NULL DEFAULT 'stock',
    "side" "trade_side" NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "fees" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "order_type" "order_type" NOT NULL,
    "realized_pnl" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "executed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_marks" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "symbol" VARCHAR(32) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "price_marks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_sessions" (
    "id" SERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "model_id" INTEGER,
    "run_id" INTEGER,
    "session_title" VARCHAR(200) NOT NULL DEFAULT 'New conversation',
    "title_source" "title_source" NOT NULL DEFAULT 'default',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "conversation_summary" TEXT,
    "summary_through_message_id" INTEGER,
    "idempotency_key" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3),
    "activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "id" SERIAL NOT NULL,
    "session_id" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "message_role" NOT NULL,
    "content" TEXT NOT NULL,
    "status" "message_status" NOT NULL DEFAULT 'complete',
    "client_message_id" VARCHAR(64),
    "tools_used" JSONB NOT NULL DEFAULT '[]',
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "ai_model" VARCHAR(100),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "models_user_id_created_at_idx" ON "models"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "models_id_user_id_key" ON "models"("id", "user_id");

-- CreateIndex
CREATE INDEX "trading_runs_model_id_started_at_idx" ON "trading_runs"("model_id", "started_at");

-- CreateIndex
CREATE INDEX "trading_runs_user_id_idx" ON "trading_runs"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "trading_runs_id_model_id_key" ON "trading_runs"("id", "model_id");

-- CreateIndex
CREATE INDEX "trades_run_id_executed_at_id_idx" ON "trades"("run_id", "executed_at", "id");

-- CreateIndex
CREATE INDEX "trades_run_id_symbol_executed_at_idx" ON "trades"("run_id", "symbol", "executed_at");

-- CreateIndex
CREATE INDEX "price_marks_run_id_at_idx" ON "price_marks"("run_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "price_marks_run_id_symbol_at_key" ON "price_marks"("run_id", "symbol", "at");

-- CreateIndex
CREATE INDEX "chat_sessions_user_id_activity_at_id_idx" ON "chat_sessions"("user_id", "activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "chat_sessions_id_user_id_key" ON "chat_sessions"("id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_sessions_user_id_idempotency_key_key" ON "chat_sessions"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "chat_messages_session_id_id_idx" ON "chat_messages"("session_id", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_session_id_client_message_id_key" ON "chat_messages"("session_id", "client_message_id");

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trading_runs" ADD CONSTRAINT "trading_runs_model_id_user_id_fkey" FOREIGN KEY ("model_id", "user_id") REFERENCES "models"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trading_runs" ADD CONSTRAINT "trading_runs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trades" ADD CONSTRAINT "trades_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "trading_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_marks" ADD CONSTRAINT "price_marks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "trading_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_model_id_user_id_fkey" FOREIGN KEY ("model_id", "user_id") REFERENCES "models"("id", "user_id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_run_id_model_id_fkey" FOREIGN KEY ("run_id", "model_id") REFERENCES "trading_runs"("id", "model_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_session_id_user_id_fkey" FOREIGN KEY ("session_id", "user_id") REFERENCES "chat_sessions"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express: checks, partial and expression indexes.

-- Emails are stored lower-cased, which makes users_email_key case-insensitive.
ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));

ALTER TABLE "models" ADD CONSTRAINT "models_buying_power_non_negative" CHECK ("buying_power" >= 0);

ALTER TABLE "trading_runs" ADD CONSTRAINT "trading_runs_starting_capital_positive" CHECK ("starting_capital" > 0);

ALTER TABLE "trades" ADD CONSTRAINT "trades_quantity_positive" CHECK ("quantity" > 0);

ALTER TABLE "trades" ADD CONSTRAINT "trades_price_non_negative" CHECK ("price" >= 0 AND "fees" >= 0);

-- A run conversation is always also a conversation about the run's model.
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_run_needs_model" CHECK ("run_id" IS NULL OR "model_id" IS NOT NULL);

-- At most one active conversation per (user, context); context = general, a model, or a run.
CREATE UNIQUE INDEX "chat_sessions_one_active_per_context" ON "chat_sessions"("user_id", COALESCE("model_id", 0), COALESCE("run_id", 0)) WHERE "is_active";

-- The spec's three indexes.
CREATE INDEX "idx_chat_sessions_user_active" ON "chat_sessions"("user_id", "is_active");

CREATE INDEX "idx_chat_sessions_user_general" ON "chat_sessions"("user_id") WHERE "model_id" IS NULL;

CREATE INDEX "idx_chat_sessions_user_model" ON "chat_sessions"("user_id", "model_id") WHERE "model_id" IS NOT NULL;

-- Listing one context's conversations, most recent activity first, with keyset pagination.
CREATE INDEX "chat_sessions_context_activity_idx" ON "chat_sessions"("user_id", "model_id", "run_id", "activity_at" DESC, "id" DESC);

-- Replies still streaming: found at start-up (to mark interrupted) and by the health checks.
CREATE INDEX "chat_messages_streaming_idx" ON "chat_messages"("created_at") WHERE "status" = 'streaming';
