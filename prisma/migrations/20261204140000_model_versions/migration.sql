-- Configuration versions: every change of a model's configuration is a new immutable, numbered
-- version; runs record the version they ran with, assistant replies the version they were written with.

-- CreateTable
CREATE TABLE "model_versions" (
    "model_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "user_id" UUID NOT NULL,
    "config" JSONB NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("model_id","version")
);

-- AlterTable
ALTER TABLE "trading_runs" ADD COLUMN "model_version" INTEGER;
ALTER TABLE "chat_messages" ADD COLUMN "model_version" INTEGER;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_user_id_fkey" FOREIGN KEY ("model_id", "user_id") REFERENCES "models"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "trading_runs" ADD CONSTRAINT "trading_runs_model_id_model_version_fkey" FOREIGN KEY ("model_id", "model_version") REFERENCES "model_versions"("model_id", "version") ON DELETE NO ACTION ON UPDATE CASCADE;

-- What schema.prisma cannot express: versions are made by the database, whoever edits a model.

-- The configuration as the assistant is told it (the keys of models.schemas' modelConfigInput).
CREATE FUNCTION "model_config_json"(m "models") RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'name', m."name", 'defaultAiModel', m."default_ai_model", 'tradingMode', m."trading_mode",
    'tradingStyle', m."trading_style", 'instrument', m."instrument", 'symbols', to_jsonb(m."symbols"),
    'marginAccount', m."margin_account", 'buyingPower', m."buying_power"::float8, 'allowShorting', m."allow_shorting",
    'allowOptionsStrategies', m."allow_options_strategies", 'allowHedging', m."allow_hedging",
    'allowedOrderTypes', to_jsonb(m."allowed_order_types"::text[]), 'customRules', m."custom_rules",
    'customInstructions', m."custom_instructions")
$$;

-- A new version when a model is created or its configuration changes (not on soft delete or a
-- no-op update). The model's row is locked by the statement, so max + 1 cannot race.
-- SECURITY DEFINER: the app role may read versions but never write them, so they stay immutable.
CREATE FUNCTION "models_record_version"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
DECLARE
  config jsonb := model_config_json(NEW);
  latest record;
BEGIN
  SELECT v."version", v."config" INTO latest FROM "model_versions" v
   WHERE v."model_id" = NEW."id" ORDER BY v."version" DESC LIMIT 1;
  IF latest IS NULL OR latest."config" IS DISTINCT FROM config THEN
    INSERT INTO "model_versions" ("model_id", "version", "user_id", "config", "created_by")
    VALUES (NEW."id", COALESCE(latest."version", 0) + 1, NEW."user_id", config, app_current_user_id());
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "models_record_version" AFTER INSERT OR UPDATE ON "models"
  FOR EACH ROW EXECUTE FUNCTION "models_record_version"();

-- A run runs with its model's latest version unless its writer says which.
CREATE FUNCTION "trading_runs_default_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."model_version" IS NULL THEN
    NEW."model_version" := (SELECT max(v."version") FROM "model_versions" v WHERE v."model_id" = NEW."model_id");
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "trading_runs_default_version" BEFORE INSERT ON "trading_runs"
  FOR EACH ROW EXECUTE FUNCTION "trading_runs_default_version"();

-- Existing models become version 1 (created when the model was), and so do their runs and replies.
INSERT INTO "model_versions" ("model_id", "version", "user_id", "config", "created_by", "created_at")
SELECT m."id", 1, m."user_id", model_config_json(m), m."user_id", m."created_at" FROM "models" m;
UPDATE "trading_runs" SET "model_version" = 1;
UPDATE "chat_messages" cm SET "model_version" = 1
  FROM "chat_sessions" s WHERE s."id" = cm."session_id" AND s."model_id" IS NOT NULL AND cm."role" = 'assistant';

ALTER TABLE "model_versions" ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON "model_versions" TO "parley_app";
CREATE POLICY "Users can view own model versions" ON "model_versions" FOR SELECT TO "parley_app"
  USING ("user_id" = app_current_user_id() OR app_current_user_is_admin());
