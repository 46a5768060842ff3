import { Prisma } from "@parley/db";
import type { Db } from "../../../db/as-user.js";
import type { Span } from "./fill-buckets.js";
import { gridPointOf, type GridSpec } from "./grid-sql.js";

/** Per symbol, the latest mark in (previous point, end]: a UTC day, or a step of a grid. */
export interface MarkBucket {
  end: number;
  prices: Readonly<Record<string, number>>;
}

/**
 * The marks taken within `spans` (the pieces of days run_days cannot split), bucketed by grid
 * point. Each object is built in time order, so a symbol marked twice in a bucket appears twice
 * and JSON.parse keeps its last, latest, value (a later duplicate key overwrites): that spares
 * sorting every mark to pick the latest per symbol and point first.
 */
export async function loadMarkBuckets(tx: Db, runId: number, grid: GridSpec, spans: readonly Span[]): Promise<MarkBucket[]> {
  if (!spans.length) return [];
  const [row] = await tx.$queryRaw<Array<{ buckets: string | null }>>`
    SELECT json_agg(json_build_object('end', (extract(epoch FROM point) * 1000)::float8, 'prices', prices) ORDER BY point)::text AS buckets
      FROM (SELECT point, json_object_agg(symbol, price ORDER BY at) AS prices
      FROM (SELECT m.symbol, m.at, m.price::float8 AS price, ${gridPointOf(Prisma.sql`m.at`, grid)} AS point
              FROM unnest(${spans.map((span) => span.after)}::timestamptz[], ${spans.map((span) => span.through)}::timestamptz[])
                   AS s(after, through)
              JOIN price_marks m ON m.run_id = ${runId} AND m.at > s.after AND m.at <= s.through) AS marks
     GROUP BY point) AS buckets`;
  return JSON.parse(row?.buckets ?? "[]") as MarkBucket[];
}
