import { Prisma } from "../client.js";
import type { Queryable } from "./queryable.js";

// Tokens and cost, summed over replies (chat_messages) and background work (background_usage:
// titles, summaries) alike, grouped by one dimension. Costs are the ones stored when each row
// was written; a row without a cost (its AI model had no price) is counted in `unpriced`.

export interface UsageFigures {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Sum of the priced rows; null when no row had a price. */
  costUsd: number | null;
  /** Replies or background jobs counted. */
  count: number;
  /** Of those, how many had no price: the cost shown is then a lower bound. */
  unpriced: number;
}

export interface UsageBreakdown {
  /** Replies and background work together. */
  total: UsageFigures;
  replies: UsageFigures;
  titles: UsageFigures;
  summaries: UsageFigures;
}

export type UsageDimension = "all" | "conversation" | "aiModel" | "model" | "run" | "user";

export interface UsageFilter {
  userId?: string;
  sessionId?: number;
}

export interface UsageGroup extends UsageBreakdown {
  /** The group's key: a conversation, model or run id, an AI model's or user's name; null for "all" or none. */
  key: string | null;
  /** What to show for it: a conversation's title, a model's or run's name, a user's email. */
  label: string | null;
}

const EMPTY: UsageFigures = { promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: null, count: 0, unpriced: 0 };

const KEYS: Record<UsageDimension, { key: Prisma.Sql; label: Prisma.Sql }> = {
  all: { key: Prisma.sql`NULL::text`, label: Prisma.sql`NULL::text` },
  conversation: { key: Prisma.sql`cs.id::text`, label: Prisma.sql`cs.session_title` },
  aiModel: { key: Prisma.sql`u.ai_model`, label: Prisma.sql`u.ai_model` },
  model: { key: Prisma.sql`cs.model_id::text`, label: Prisma.sql`m.name` },
  run: { key: Prisma.sql`cs.run_id::text`, label: Prisma.sql`coalesce(nullif(r.label, ''), 'Run ' || r.id)` },
  user: { key: Prisma.sql`u.user_id::text`, label: Prisma.sql`us.email` },
};

interface Row {
  key: string | null;
  label: string | null;
  kind: "reply" | "title" | "summary";
  prompt: number;
  completion: number;
  cost: number | null;
  count: number;
  unpriced: number;
}

function condition(filter: UsageFilter): Prisma.Sql {
  const parts = [Prisma.sql`TRUE`];
  if (filter.userId !== undefined) parts.push(Prisma.sql`u.user_id = ${filter.userId}::uuid`);
  if (filter.sessionId !== undefined) parts.push(Prisma.sql`u.session_id = ${filter.sessionId}`);
  return Prisma.join(parts, " AND ");
}

function readRows(db: Queryable, dimension: UsageDimension, filter: UsageFilter) {
  const { key, label } = KEYS[dimension];
  return db.$queryRaw<Row[]>`
    WITH u AS (
      SELECT cm.user_id, cm.session_id, cm.ai_model, 'reply' AS kind, cm.prompt_tokens AS prompt,
             cm.completion_tokens AS completion, cm.cost_usd AS cost
        FROM chat_messages cm
       WHERE cm.role = 'assistant' AND (cm.prompt_tokens IS NOT NULL OR cm.completion_tokens IS NOT NULL)
      UNION ALL
      SELECT bu.user_id, bu.session_id, bu.ai_model, bu.kind, bu.prompt_tokens, bu.completion_tokens, bu.cost_usd
        FROM background_usage bu)
    SELECT ${key} AS key, ${label} AS label, u.kind,
           coalesce(sum(u.prompt), 0)::float8 AS prompt, coalesce(sum(u.completion), 0)::float8 AS completion,
           sum(u.cost)::float8 AS cost, count(*)::int AS count, (count(*) - count(u.cost))::int AS unpriced
      FROM u
      JOIN chat_sessions cs ON cs.id = u.session_id
      JOIN users us ON us.id = u.user_id
      LEFT JOIN models m ON m.id = cs.model_id
      LEFT JOIN trading_runs r ON r.id = cs.run_id
     WHERE ${condition(filter)}
     GROUP BY 1, 2, 3`;
}

function add(into: UsageFigures, row: Row): UsageFigures {
  const cost = row.cost === null ? into.costUsd : (into.costUsd ?? 0) + row.cost;
  return {
    promptTokens: into.promptTokens + row.prompt,
    completionTokens: into.completionTokens + row.completion,
    totalTokens: into.totalTokens + row.prompt + row.completion,
    // Sums of float8 pick up binary noise: keep the stored precision.
    costUsd: cost === null ? null : Math.round(cost * 1e8) / 1e8,
    count: into.count + row.count,
    unpriced: into.unpriced + row.unpriced,
  };
}

const PART = { reply: "replies", title: "titles", summary: "summaries" } as const;

function emptyGroup(key: string | null, label: string | null): UsageGroup {
  return { key, label, total: EMPTY, replies: EMPTY, titles: EMPTY, summaries: EMPTY };
}

/**
 * Usage grouped by `dimension` (most expensive first, then most tokens), within `filter`. Run
 * as the owner, or in a request's transaction where row-level security keeps a user to their
 * own rows and lets an administrator read all.
 */
export async function readUsageGroups(
  db: Queryable,
  /** `grouped`: leave out usage with no key in this dimension (general conversations, by model or run). */
  options: { dimension: UsageDimension; filter?: UsageFilter; limit?: number; grouped?: boolean },
): Promise<UsageGroup[]> {
  const rows = await readRows(db, options.dimension, options.filter ?? {});
  const groups = new Map<string | null, UsageGroup>();
  for (const row of rows) {
    const group = groups.get(row.key) ?? emptyGroup(row.key, row.label);
    const part = PART[row.kind];
    groups.set(row.key, { ...group, [part]: add(group[part], row), total: add(group.total, row) });
  }
  const sorted = [...groups.values()].sort(
    (a, b) => (b.total.costUsd ?? 0) - (a.total.costUsd ?? 0) || b.total.totalTokens - a.total.totalTokens,
  );
  const kept = options.grouped ? sorted.filter((group) => group.key !== null) : sorted;
  return kept.slice(0, options.limit ?? kept.length);
}

/** One breakdown for everything within `filter` (a conversation, a user, or all). */
export async function readUsageTotals(db: Queryable, filter: UsageFilter = {}): Promise<UsageBreakdown> {
  const [group] = await readUsageGroups(db, { dimension: "all", filter });
  const { key: _key, label: _label, ...breakdown } = group ?? emptyGroup(null, null);
  return breakdown;
}
