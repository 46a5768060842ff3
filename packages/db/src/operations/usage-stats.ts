import type { Queryable } from "./queryable.js";

// The spec's three usage-statistics queries, plus the tokens the replies used. Counts are cast
// in SQL (int for counts, float8 for sums and averages) so the driver returns plain numbers.

export interface UsageStats {
  modelConversations: { conversations: number; users: number; models: number };
  /** Over model conversations with at least one message, as in the spec; null when there are none. */
  messagesPerModelConversation: { average: number | null; max: number | null; min: number | null; median: number | null };
  mostActiveModels: Array<{ modelId: number; name: string; deleted: boolean; conversations: number; messages: number }>;
  tokens: {
    prompt: number;
    completion: number;
    total: number;
    /** Replies that reported usage. */
    replies: number;
    byAiModel: Array<{ aiModel: string | null; prompt: number; completion: number; total: number; replies: number }>;
  };
}

function modelConversationTotals(db: Queryable) {
  return db.$queryRaw<Array<UsageStats["modelConversations"]>>`
    SELECT count(DISTINCT cs.id)::int AS conversations, count(DISTINCT cs.user_id)::int AS users,
           count(DISTINCT cs.model_id)::int AS models
      FROM chat_sessions cs
     WHERE cs.model_id IS NOT NULL`;
}

function messagesPerConversation(db: Queryable) {
  return db.$queryRaw<Array<UsageStats["messagesPerModelConversation"]>>`
    SELECT avg(message_count)::float8 AS average, max(message_count)::int AS max, min(message_count)::int AS min,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY message_count)::float8 AS median
      FROM (SELECT cs.id, count(cm.id) AS message_count
              FROM chat_sessions cs
              LEFT JOIN chat_messages cm ON cm.session_id = cs.id
             WHERE cs.model_id IS NOT NULL
             GROUP BY cs.id) sub
     WHERE message_count > 0`;
}

function mostActiveModels(db: Queryable, limit: number) {
  return db.$queryRaw<UsageStats["mostActiveModels"]>`
    SELECT m.id AS "modelId", m.name, m.deleted_at IS NOT NULL AS deleted, count(cs.id)::int AS conversations,
           coalesce(sum(counted.n), 0)::int AS messages
      FROM models m
      JOIN chat_sessions cs ON cs.model_id = m.id
      LEFT JOIN (SELECT session_id, count(*) AS n FROM chat_messages GROUP BY session_id) counted
        ON counted.session_id = cs.id
     GROUP BY m.id, m.name, m.deleted_at
     ORDER BY conversations DESC, messages DESC, m.id
     LIMIT ${limit}`;
}

function tokensByAiModel(db: Queryable) {
  return db.$queryRaw<UsageStats["tokens"]["byAiModel"]>`
    SELECT cm.ai_model AS "aiModel", coalesce(sum(cm.prompt_tokens), 0)::float8 AS prompt,
           coalesce(sum(cm.completion_tokens), 0)::float8 AS completion,
           coalesce(sum(coalesce(cm.prompt_tokens, 0) + coalesce(cm.completion_tokens, 0)), 0)::float8 AS total,
           count(*)::int AS replies
      FROM chat_messages cm
     WHERE cm.role = 'assistant' AND (cm.prompt_tokens IS NOT NULL OR cm.completion_tokens IS NOT NULL)
     GROUP BY cm.ai_model
     ORDER BY total DESC, cm.ai_model NULLS LAST`;
}

/** Usage across every user: run it as the owner, or as an admin under row-level security. */
export async function readUsageStats(db: Queryable, options: { topModels?: number } = {}): Promise<UsageStats> {
  // One after the other: a transaction (the admin API's) runs one statement at a time anyway.
  const [totals] = await modelConversationTotals(db);
  const [perConversation] = await messagesPerConversation(db);
  const top = await mostActiveModels(db, options.topModels ?? 10);
  const byAiModel = await tokensByAiModel(db);
  const sum = (key: "prompt" | "completion" | "total" | "replies") => byAiModel.reduce((acc, row) => acc + row[key], 0);
  return {
    modelConversations: totals ?? { conversations: 0, users: 0, models: 0 },
    messagesPerModelConversation: perConversation ?? { average: null, max: null, min: null, median: null },
    mostActiveModels: top,
    tokens: { prompt: sum("prompt"), completion: sum("completion"), total: sum("total"), replies: sum("replies"), byAiModel },
  };
}
