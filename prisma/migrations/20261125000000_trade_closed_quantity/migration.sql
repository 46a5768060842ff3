-- AlterTable
ALTER TABLE "trades" ADD COLUMN "closed_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0;

-- What schema.prisma cannot express: a check constraint, and the backfill of existing fills.

-- A fill closes at most its own quantity (the rest, if any, opens the other side).
ALTER TABLE "trades" ADD CONSTRAINT "trades_closed_quantity_within_fill"
  CHECK ("closed_quantity" >= 0 AND "closed_quantity" <= "quantity");

-- Fills stored before this column existed: a fill against the position held before it (replay
-- order: time, then id) closes up to that position's size, as packages/trading's applyFill does.
UPDATE "trades" AS t
   SET "closed_quantity" = LEAST(abs(h."held_before"), t."quantity")
  FROM (
    SELECT "id", "side",
           COALESCE(sum(CASE WHEN "side" = 'buy' THEN "quantity" ELSE -"quantity" END) OVER (
             PARTITION BY "run_id", "symbol" ORDER BY "executed_at", "id"
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS "held_before"
      FROM "trades"
  ) AS h
 WHERE h."id" = t."id"
   AND ((h."side" = 'buy' AND h."held_before" < 0) OR (h."side" = 'sell' AND h."held_before" > 0));
