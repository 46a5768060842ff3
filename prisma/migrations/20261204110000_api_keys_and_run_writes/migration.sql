-- CreateEnum
CREATE TYPE "run_kind" AS ENUM ('backtest', 'paper', 'live');

-- AlterTable
ALTER TABLE "trading_runs" ADD COLUMN "label" VARCHAR(200) NOT NULL DEFAULT '',
ADD COLUMN "kind" "run_kind" NOT NULL DEFAULT 'backtest',
ADD COLUMN "period_end" TIMESTAMPTZ(3),
ADD COLUMN "parameters" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "trades" ADD COLUMN "producer_fill_id" VARCHAR(100),
ADD COLUMN "order_id" VARCHAR(100),
ADD COLUMN "tag" VARCHAR(100);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "scopes" TEXT[],
    "key_hash" VARCHAR(64) NOT NULL,
    "key_prefix" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_user_id_created_at_idx" ON "api_keys"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "trades_run_id_producer_fill_id_key" ON "trades"("run_id", "producer_fill_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express: the scopes a key may hold, and row-level security for
-- writing runs, fills and marks.

-- A key reaches runs and reads only; auth.* and admin.* are never a key's (packages/api checks
-- the scope of each procedure; this keeps a stored key from claiming anything else).
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_known"
  CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['read', 'runs:write']::text[]);

GRANT SELECT, INSERT, UPDATE ON "api_keys" TO "parley_app";
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can manage own api keys" ON "api_keys" FOR ALL TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());

-- Writes are the owner's alone: "view own runs" also lets administrators read every run, which
-- must not let them write into one. The composite key (model_id, user_id) keeps a run with its
-- owner's model.
CREATE POLICY "Users can create own runs" ON "trading_runs" FOR INSERT TO "parley_app"
  WITH CHECK ("user_id" = app_current_user_id());
CREATE POLICY "Users can update own runs" ON "trading_runs" FOR UPDATE TO "parley_app"
  USING ("user_id" = app_current_user_id()) WITH CHECK ("user_id" = app_current_user_id());

CREATE POLICY "Users can add trades to own runs" ON "trades" FOR INSERT TO "parley_app"
  WITH CHECK ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()));
-- Realized P&L is recomputed when a fill arrives before fills already stored.
CREATE POLICY "Users can update trades of own runs" ON "trades" FOR UPDATE TO "parley_app"
  USING ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()))
  WITH CHECK ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()));

CREATE POLICY "Users can add price marks to own runs" ON "price_marks" FOR INSERT TO "parley_app"
  WITH CHECK ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()));
CREATE POLICY "Users can update price marks of own runs" ON "price_marks" FOR UPDATE TO "parley_app"
  USING ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()))
  WITH CHECK ("run_id" IN (SELECT "id" FROM "trading_runs" WHERE "user_id" = app_current_user_id()));
