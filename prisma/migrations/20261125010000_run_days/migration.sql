-- CreateTable
CREATE TABLE "run_days" (
    "run_id" INTEGER NOT NULL,
    "day_end" TIMESTAMPTZ(3) NOT NULL,
    "fill_count" INTEGER NOT NULL DEFAULT 0,
    "fills_at_day_end" INTEGER NOT NULL DEFAULT 0,
    "net_notional" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "realized_pnl" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fees" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "closing_count" INTEGER NOT NULL DEFAULT 0,
    "win_count" INTEGER NOT NULL DEFAULT 0,
    "win_total" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "loss_count" INTEGER NOT NULL DEFAULT 0,
    "loss_total" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "holdings" JSON NOT NULL DEFAULT '{}',
    "symbol_totals" JSON NOT NULL DEFAULT '{}',
    "closing_marks" JSON NOT NULL DEFAULT '{}',

    CONSTRAINT "run_days_pkey" PRIMARY KEY ("run_id","day_end")
);

-- CreateIndex
CREATE INDEX "trades_run_id_realized_pnl_id_idx" ON "trades"("run_id", "realized_pnl", "id");

-- AddForeignKey
ALTER TABLE "run_days" ADD CONSTRAINT "run_days_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "trading_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express: the triggers that keep run_days, and its security.

-- A day ends at a UTC midnight and holds what happened in the 24 hours up to and including it,
-- the way a point of an equity curve counts the fills and marks at or before it.
-- Immutable although timestamptz arithmetic is only stable: intervals of hours and milliseconds do
-- not depend on the time zone (days and months would).
CREATE FUNCTION "run_day_end"(timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_bin('24 hours', $1 - interval '1 millisecond', timestamptz '2000-01-03 00:00:00+00') + interval '24 hours'
$$;

-- Recomputes from `trades` the fill columns of the given days ($1 runs, $2 day ends), so they stay
-- exact whatever a statement did (inserts out of order, updates, deletes). Days left with neither
-- fills nor marks go.
CREATE FUNCTION "rebuild_run_day_fills"(integer[], timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  key_runs integer[];
  key_days timestamptz[];
BEGIN
  SELECT array_agg(k.run_id), array_agg(k.day_end) INTO key_runs, key_days
    FROM (SELECT DISTINCT run_id, day_end FROM unnest($1, $2) AS u(run_id, day_end)) AS k;

  UPDATE "run_days" d
     SET "fill_count" = 0, "fills_at_day_end" = 0, "net_notional" = 0, "realized_pnl" = 0, "fees" = 0,
         "closing_count" = 0, "win_count" = 0, "win_total" = 0, "loss_count" = 0, "loss_total" = 0,
         "holdings" = '{}', "symbol_totals" = '{}'
    FROM unnest(key_runs, key_days) AS k(run_id, day_end)
   WHERE d."run_id" = k.run_id AND d."day_end" = k.day_end;

  WITH per_symbol AS (
    SELECT k.run_id, k.day_end, t."symbol" AS symbol, count(*) AS fills,
           count(*) FILTER (WHERE t."executed_at" = k.day_end) AS fills_at_day_end,
           sum(s.signed) AS quantity, sum(s.signed * t."price") AS net_notional, sum(t."realized_pnl") AS realized_pnl,
           sum(t."fees") AS fees, sum(t."quantity") AS volume, sum(t."quantity" * t."price") AS notional_volume,
           count(*) FILTER (WHERE s.closing) AS closing,
           count(*) FILTER (WHERE s.closing AND t."realized_pnl" > t."fees") AS wins,
           COALESCE(sum(t."realized_pnl" - t."fees") FILTER (WHERE s.closing AND t."realized_pnl" > t."fees"), 0) AS win_total,
           count(*) FILTER (WHERE s.closing AND t."realized_pnl" < t."fees") AS losses,
           COALESCE(sum(t."realized_pnl" - t."fees") FILTER (WHERE s.closing AND t."realized_pnl" < t."fees"), 0) AS loss_total,
           (array_agg(t."price" ORDER BY t."executed_at" DESC, t."id" DESC))[1] AS last_price
      FROM unnest(key_runs, key_days) AS k(run_id, day_end)
      JOIN "trades" t ON t."run_id" = k.run_id
                     AND t."executed_at" > k.day_end - interval '24 hours' AND t."executed_at" <= k.day_end
     CROSS JOIN LATERAL (SELECT CASE WHEN t."side" = 'buy' THEN t."quantity" ELSE -t."quantity" END AS signed,
                                t."closed_quantity" > 0 AS closing) AS s
     GROUP BY k.run_id, k.day_end, t."symbol"
  )
  INSERT INTO "run_days" ("run_id", "day_end", "fill_count", "fills_at_day_end", "net_notional", "realized_pnl", "fees",
                          "closing_count", "win_count", "win_total", "loss_count", "loss_total", "holdings", "symbol_totals")
  SELECT run_id, day_end, sum(fills), sum(fills_at_day_end), sum(net_notional)::float8, sum(realized_pnl)::float8,
         sum(fees)::float8, sum(closing), sum(wins), sum(win_total)::float8, sum(losses), sum(loss_total)::float8,
         json_object_agg(symbol, json_build_array(quantity::float8, (net_notional + realized_pnl)::float8, last_price::float8)),
         json_object_agg(symbol, json_build_array(fills, closing, wins, losses, realized_pnl::float8, fees::float8,
                                                  volume::float8, notional_volume::float8))
    FROM per_symbol
   GROUP BY run_id, day_end
  ON CONFLICT ("run_id", "day_end") DO UPDATE
     SET "fill_count" = excluded."fill_count", "fills_at_day_end" = excluded."fills_at_day_end",
         "net_notional" = excluded."net_notional", "realized_pnl" = excluded."realized_pnl", "fees" = excluded."fees",
         "closing_count" = excluded."closing_count", "win_count" = excluded."win_count", "win_total" = excluded."win_total",
         "loss_count" = excluded."loss_count", "loss_total" = excluded."loss_total", "holdings" = excluded."holdings",
         "symbol_totals" = excluded."symbol_totals";

  DELETE FROM "run_days" d USING unnest(key_runs, key_days) AS k(run_id, day_end)
   WHERE d."run_id" = k.run_id AND d."day_end" = k.day_end AND d."fill_count" = 0 AND d."closing_marks"::text = '{}';
END $$;

-- The same for the marks: each day's latest mark of each symbol.
CREATE FUNCTION "rebuild_run_day_marks"(integer[], timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  key_runs integer[];
  key_days timestamptz[];
BEGIN
  SELECT array_agg(k.run_id), array_agg(k.day_end) INTO key_runs, key_days
    FROM (SELECT DISTINCT run_id, day_end FROM unnest($1, $2) AS u(run_id, day_end)) AS k;

  UPDATE "run_days" d SET "closing_marks" = '{}'
    FROM unnest(key_runs, key_days) AS k(run_id, day_end)
   WHERE d."run_id" = k.run_id AND d."day_end" = k.day_end;

  WITH latest AS (
    SELECT DISTINCT ON (k.run_id, k.day_end, m."symbol") k.run_id, k.day_end, m."symbol" AS symbol, m."price" AS price
      FROM unnest(key_runs, key_days) AS k(run_id, day_end)
      JOIN "price_marks" m ON m."run_id" = k.run_id AND m."at" > k.day_end - interval '24 hours' AND m."at" <= k.day_end
     ORDER BY k.run_id, k.day_end, m."symbol", m."at" DESC
  )
  INSERT INTO "run_days" ("run_id", "day_end", "closing_marks")
  SELECT run_id, day_end, json_object_agg(symbol, price::float8) FROM latest GROUP BY run_id, day_end
  ON CONFLICT ("run_id", "day_end") DO UPDATE SET "closing_marks" = excluded."closing_marks";

  DELETE FROM "run_days" d USING unnest(key_runs, key_days) AS k(run_id, day_end)
   WHERE d."run_id" = k.run_id AND d."day_end" = k.day_end AND d."fill_count" = 0 AND d."closing_marks"::text = '{}';
END $$;

-- Only through the triggers, which run as the owner whoever writes trades or marks.
REVOKE EXECUTE ON FUNCTION "rebuild_run_day_fills"(integer[], timestamptz[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "rebuild_run_day_marks"(integer[], timestamptz[]) FROM PUBLIC;

-- Statement-level with transition tables: a bulk insert rebuilds each of its days once.
CREATE FUNCTION "trades_keep_run_days"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  runs integer[];
  days timestamptz[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    SELECT array_agg("run_id"), array_agg("day_end") INTO runs, days FROM "run_days";
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg("run_id"), array_agg("run_day_end"("executed_at")) INTO runs, days FROM "new_rows";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("run_id"), array_agg("run_day_end"("executed_at")) INTO runs, days FROM "old_rows";
  ELSE
    SELECT array_agg("run_id"), array_agg("run_day_end"("executed_at")) INTO runs, days
      FROM (SELECT "run_id", "executed_at" FROM "new_rows" UNION ALL SELECT "run_id", "executed_at" FROM "old_rows") AS changed;
  END IF;
  PERFORM "rebuild_run_day_fills"(runs, days);
  RETURN NULL;
END $$;

CREATE FUNCTION "price_marks_keep_run_days"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  runs integer[];
  days timestamptz[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    SELECT array_agg("run_id"), array_agg("day_end") INTO runs, days FROM "run_days";
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg("run_id"), array_agg("run_day_end"("at")) INTO runs, days FROM "new_rows";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("run_id"), array_agg("run_day_end"("at")) INTO runs, days FROM "old_rows";
  ELSE
    SELECT array_agg("run_id"), array_agg("run_day_end"("at")) INTO runs, days
      FROM (SELECT "run_id", "at" FROM "new_rows" UNION ALL SELECT "run_id", "at" FROM "old_rows") AS changed;
  END IF;
  PERFORM "rebuild_run_day_marks"(runs, days);
  RETURN NULL;
END $$;

CREATE TRIGGER "trades_keep_run_days_insert" AFTER INSERT ON "trades"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "trades_keep_run_days"();
CREATE TRIGGER "trades_keep_run_days_update" AFTER UPDATE ON "trades"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "trades_keep_run_days"();
CREATE TRIGGER "trades_keep_run_days_delete" AFTER DELETE ON "trades"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "trades_keep_run_days"();
CREATE TRIGGER "trades_keep_run_days_truncate" AFTER TRUNCATE ON "trades"
  FOR EACH STATEMENT EXECUTE FUNCTION "trades_keep_run_days"();

CREATE TRIGGER "price_marks_keep_run_days_insert" AFTER INSERT ON "price_marks"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "price_marks_keep_run_days"();
CREATE TRIGGER "price_marks_keep_run_days_update" AFTER UPDATE ON "price_marks"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "price_marks_keep_run_days"();
CREATE TRIGGER "price_marks_keep_run_days_delete" AFTER DELETE ON "price_marks"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "price_marks_keep_run_days"();
CREATE TRIGGER "price_marks_keep_run_days_truncate" AFTER TRUNCATE ON "price_marks"
  FOR EACH STATEMENT EXECUTE FUNCTION "price_marks_keep_run_days"();

-- The fills and marks stored before this migration.
SELECT "rebuild_run_day_fills"(array_agg("run_id"), array_agg("run_day_end"("executed_at"))) FROM "trades";
SELECT "rebuild_run_day_marks"(array_agg("run_id"), array_agg("run_day_end"("at"))) FROM "price_marks";

-- Readable with the run it sums, like the run's trades and marks.
GRANT SELECT ON "run_days" TO "parley_app";
ALTER TABLE "run_days" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view own run days" ON "run_days" FOR SELECT TO "parley_app"
  USING ("run_id" IN (SELECT "id" FROM "trading_runs"));
