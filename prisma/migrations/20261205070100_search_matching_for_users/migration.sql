-- Full-text matching for a user's own search, through the GIN indexes.
--
-- Under row-level security PostgreSQL tests a query's own conditions only after the policies
-- unless they are leakproof, and `@@` is not: so the GIN indexes could not be used, and a search
-- matched every one of the user's messages one by one (2 s p50 over a million messages in
-- `pnpm bench search`, against 0.1 s for the same SQL without RLS). These functions run as the
-- tables' owner, so they use the indexes, and return only the signed-in user's matches: ids,
-- rank and time, never text. The search joins them to chat_sessions under RLS as before.
CREATE FUNCTION "search_own_messages"(tsquery)
  RETURNS TABLE ("id" integer, "session_id" integer, "rank" real, "created_at" timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT m."id", m."session_id", ts_rank(m."content_search", $1), m."created_at"
    FROM "chat_messages" m
   WHERE m."content_search" @@ $1 AND m."user_id" = app_current_user_id()
$$;
CREATE FUNCTION "search_own_titles"(tsquery)
  RETURNS TABLE ("session_id" integer, "rank" real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT s."id", ts_rank(s."title_search", $1)
    FROM "chat_sessions" s
   WHERE s."title_search" @@ $1 AND s."user_id" = app_current_user_id() AND s."deleted_at" IS NULL
$$;
REVOKE EXECUTE ON FUNCTION "search_own_messages"(tsquery) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "search_own_titles"(tsquery) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "search_own_messages"(tsquery) TO "parley_app";
GRANT EXECUTE ON FUNCTION "search_own_titles"(tsquery) TO "parley_app";

-- The archived list (sessions.list with archived: true) in its order, as the listed one has
-- chat_sessions_listed_idx: without it, the page sorted all of the user's archived rows.
CREATE INDEX "chat_sessions_archived_idx" ON "chat_sessions"
  ("user_id", "is_pinned" DESC, "activity_at" DESC, "id" DESC)
  WHERE "archived_at" IS NOT NULL AND "deleted_at" IS NULL;
