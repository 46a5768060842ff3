-- Inserted fills are added to their days instead of recomputing each day from all its fills.
-- The recomputation (rebuild_run_day_fills, still used for updates, deletes and truncation)
-- costs the whole day per statement: ~150 ms a batch with 170,000 fills in the day, so a live
-- run fed small batches fell behind (584 of 1,000 fills/s in batches of 100), and the cost only
-- grows while a day fills. Every column but a holding's last price is a sum, and a sum takes
-- the new fills' sum; the last price changes unless a stored fill of that symbol and day comes
-- after the batch's last (an index probe). Sums travel as numeric and are stored as float8,
-- as the recomputation stores them; a stored float8 is read back through its text, the shortest
-- decimal that is exactly it (a plain cast to numeric keeps only 15 digits).

-- Stored holdings ({symbol: [quantity, cost, last price]}) with `added` merged in: {symbol:
-- [quantity, cost, last price, true when a stored fill is later and its price stays]}. The
-- symbols of `added` replace their stored entries (jsonb's ||); the others stay as they are.
CREATE FUNCTION "run_day_add_holdings"(json, json) RETURNS json LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ($1::jsonb || COALESCE(jsonb_object_agg(a.key, jsonb_build_array(
           (COALESCE((s.value->>0)::numeric, 0) + (a.value->>0)::numeric)::float8,
           (COALESCE((s.value->>1)::numeric, 0) + (a.value->>1)::numeric)::float8,
           CASE WHEN (a.value->>3)::boolean AND s.value IS NOT NULL THEN (s.value->>2)::float8
                ELSE (a.value->>2)::float8 END)), '{}'::jsonb))::json
    FROM json_each($2) AS a LEFT JOIN json_each($1) AS s ON s.key = a.key
$$;

-- Stored symbol totals ({symbol: [fills, closing, wins, losses, realized, fees, volume, notional
-- volume]}) with `added`, of the same shape, summed in: counts stay integers, sums float8.
CREATE FUNCTION "run_day_add_symbol_totals"(json, json) RETURNS json LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ($1::jsonb || COALESCE(jsonb_object_agg(a.key, (
           SELECT jsonb_agg(CASE WHEN n.i <= 4 THEN to_jsonb(COALESCE((s.value->>(n.i - 1))::numeric, 0) + (a.value->>(n.i - 1))::numeric)
                                 ELSE to_jsonb((COALESCE((s.value->>(n.i - 1))::numeric, 0) + (a.value->>(n.i - 1))::numeric)::float8) END
                            ORDER BY n.i)
             FROM generate_series(1, 8) AS n(i))), '{}'::jsonb))::json
    FROM json_each($2) AS a LEFT JOIN json_each($1) AS s ON s.key = a.key
$$;

CREATE FUNCTION "trades_add_to_run_days"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO "run_days" ("run_id", "day_end")
  SELECT DISTINCT "run_id", "run_day_end"("executed_at") FROM "new_rows"
  ON CONFLICT ("run_id", "day_end") DO NOTHING;

  WITH added AS (
    SELECT n."run_id", "run_day_end"(n."executed_at") AS day_end, n."symbol", n."id", n."executed_at", n."price",
           n."quantity", n."fees", n."realized_pnl",
           CASE WHEN n."side" = 'buy' THEN n."quantity" ELSE -n."quantity" END AS signed,
           n."closed_quantity" > 0 AS closing
      FROM "new_rows" n
  ), per_symbol AS (
    SELECT run_id, day_end, symbol, count(*) AS fills,
           count(*) FILTER (WHERE executed_at = day_end) AS fills_at_day_end,
           sum(signed) AS quantity, sum(signed * price) AS net_notional, sum(realized_pnl) AS realized_pnl,
           sum(fees) AS fees, sum(quantity) AS volume, sum(quantity * price) AS notional_volume,
           count(*) FILTER (WHERE closing) AS closing,
           count(*) FILTER (WHERE closing AND realized_pnl > fees) AS wins,
           COALESCE(sum(realized_pnl - fees) FILTER (WHERE closing AND realized_pnl > fees), 0) AS win_total,
           count(*) FILTER (WHERE closing AND realized_pnl < fees) AS losses,
           COALESCE(sum(realized_pnl - fees) FILTER (WHERE closing AND realized_pnl < fees), 0) AS loss_total,
           (array_agg(price ORDER BY executed_at DESC, id DESC))[1] AS last_price,
           (array_agg(executed_at ORDER BY executed_at DESC, id DESC))[1] AS last_at,
           (array_agg(id ORDER BY executed_at DESC, id DESC))[1] AS last_id
      FROM added
     GROUP BY run_id, day_end, symbol
  ), probed AS (
    SELECT p.*, EXISTS (
             SELECT 1 FROM "trades" t
              WHERE t."run_id" = p.run_id AND t."symbol" = p.symbol
                AND t."executed_at" >= p.last_at AND t."executed_at" <= p.day_end
                AND (t."executed_at", t."id") > (p.last_at, p.last_id)) AS later_stored
      FROM per_symbol p
  ), per_day AS (
    SELECT p.run_id, p.day_end, sum(p.fills) AS fills, sum(p.fills_at_day_end) AS fills_at_day_end,
           sum(p.net_notional) AS net_notional, sum(p.realized_pnl) AS realized_pnl, sum(p.fees) AS fees,
           sum(p.closing) AS closing, sum(p.wins) AS wins, sum(p.win_total) AS win_total,
           sum(p.losses) AS losses, sum(p.loss_total) AS loss_total,
           json_object_agg(p.symbol, json_build_array(p.quantity, p.net_notional + p.realized_pnl, p.last_price,
                                                      p.later_stored)) AS holdings,
           json_object_agg(p.symbol, json_build_array(p.fills, p.closing, p.wins, p.losses, p.realized_pnl, p.fees,
                                                      p.volume, p.notional_volume)) AS symbol_totals
      FROM probed p
     GROUP BY p.run_id, p.day_end
  )
  UPDATE "run_days" d
     SET "fill_count" = d."fill_count" + a.fills,
         "fills_at_day_end" = d."fills_at_day_end" + a.fills_at_day_end,
         "net_notional" = (d."net_notional"::text::numeric + a.net_notional)::float8,
         "realized_pnl" = (d."realized_pnl"::text::numeric + a.realized_pnl)::float8,
         "fees" = (d."fees"::text::numeric + a.fees)::float8,
         "closing_count" = d."closing_count" + a.closing,
         "win_count" = d."win_count" + a.wins,
         "win_total" = (d."win_total"::text::numeric + a.win_total)::float8,
         "loss_count" = d."loss_count" + a.losses,
         "loss_total" = (d."loss_total"::text::numeric + a.loss_total)::float8,
         "holdings" = "run_day_add_holdings"(d."holdings", a.holdings),
         "symbol_totals" = "run_day_add_symbol_totals"(d."symbol_totals", a.symbol_totals)
    FROM per_day a
   WHERE d."run_id" = a.run_id AND d."day_end" = a.day_end;
  RETURN NULL;
END $$;

DROP TRIGGER "trades_keep_run_days_insert" ON "trades";
CREATE TRIGGER "trades_keep_run_days_insert" AFTER INSERT ON "trades"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "trades_add_to_run_days"();
