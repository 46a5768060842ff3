-- Keeps chat_messages.off_branch (see off_branch_column) true exactly for the messages off the
-- branch their conversation shows.
-- Every message not on the path from its conversation's shown leaf (the stored one, else the
-- newest, as readers fall back) up to its first message.
WITH RECURSIVE "shown" AS (
  SELECT m."id", m."parent_id"
    FROM "chat_sessions" s
    JOIN "chat_messages" m
      ON m."id" = COALESCE(s."current_leaf_id", (SELECT max(n."id") FROM "chat_messages" n WHERE n."session_id" = s."id"))
  UNION ALL
  SELECT m."id", m."parent_id" FROM "chat_messages" m JOIN "shown" ON m."id" = "shown"."parent_id"
)
UPDATE "chat_messages" SET "off_branch" = true
 WHERE "id" NOT IN (SELECT "id" FROM "shown");

-- Moves the shown branch of conversation `session` from `old_leaf` (null: none yet) to the branch
-- ending at `new_from` (null: a new first message). Invariant: exactly the old branch's messages
-- have off_branch = false. So walking up from `new_from`, the first message already shown is
-- where the two branches meet; only the messages below it, on either side, change.
CREATE FUNCTION "chat_messages_show_branch"(integer, integer, integer)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  "session" ALIAS FOR $1;
  "old_leaf" ALIAS FOR $2;
  "new_from" ALIAS FOR $3;
  "meet" integer;
BEGIN
  WITH RECURSIVE "up" AS (
    SELECT m."id", m."parent_id", m."off_branch" FROM "chat_messages" m
     WHERE m."id" = "new_from" AND m."session_id" = "session"
    UNION ALL
    SELECT m."id", m."parent_id", m."off_branch" FROM "chat_messages" m JOIN "up" ON m."id" = "up"."parent_id"
     WHERE "up"."off_branch"
  )
  SELECT min("id") FILTER (WHERE NOT "off_branch") INTO "meet" FROM "up";

  -- The new side: from new_from up to the meeting point, now shown.
  WITH RECURSIVE "up" AS (
    SELECT m."id", m."parent_id" FROM "chat_messages" m
     WHERE m."id" = "new_from" AND m."session_id" = "session" AND m."id" IS DISTINCT FROM "meet"
    UNION ALL
    SELECT m."id", m."parent_id" FROM "chat_messages" m JOIN "up" ON m."id" = "up"."parent_id"
     WHERE m."id" IS DISTINCT FROM "meet"
  )
  UPDATE "chat_messages" SET "off_branch" = false WHERE "id" IN (SELECT "id" FROM "up") AND "off_branch";

  -- The old side: from old_leaf up to the meeting point, now hidden.
  WITH RECURSIVE "up" AS (
    SELECT m."id", m."parent_id" FROM "chat_messages" m
     WHERE m."id" = "old_leaf" AND m."session_id" = "session" AND m."id" IS DISTINCT FROM "meet"
    UNION ALL
    SELECT m."id", m."parent_id" FROM "chat_messages" m JOIN "up" ON m."id" = "up"."parent_id"
     WHERE m."id" IS DISTINCT FROM "meet"
  )
  UPDATE "chat_messages" SET "off_branch" = true WHERE "id" IN (SELECT "id" FROM "up") AND NOT "off_branch";
END $$;

-- A new message becomes the shown leaf: when it does not continue the shown branch (a
-- regenerated reply, an edited question), the branch it leaves is hidden.
CREATE OR REPLACE FUNCTION "chat_messages_attach_to_branch"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "old_leaf" integer;
BEGIN
  SELECT COALESCE(s."current_leaf_id", (SELECT max(m."id") FROM "chat_messages" m WHERE m."session_id" = NEW."session_id"))
    INTO "old_leaf"
    FROM "chat_sessions" s
   WHERE s."id" = NEW."session_id";
  IF NEW."parent_id" = 0 THEN
    NEW."parent_id" := NULL;
  ELSIF NEW."parent_id" IS NULL THEN
    NEW."parent_id" := "old_leaf";
  END IF;
  NEW."off_branch" := false;
  IF NEW."parent_id" IS DISTINCT FROM "old_leaf" THEN
    PERFORM "chat_messages_show_branch"(NEW."session_id", "old_leaf", NEW."parent_id");
  END IF;
  -- Here rather than in an AFTER trigger: the next row of the same INSERT must see it.
  UPDATE "chat_sessions" SET "current_leaf_id" = NEW."id" WHERE "id" = NEW."session_id";
  RETURN NEW;
END $$;

-- Switching versions moves the stored leaf to a message that exists (an insert moves it to one
-- not yet written, handled above).
CREATE FUNCTION "chat_sessions_follow_shown_leaf"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."current_leaf_id" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "chat_messages" WHERE "id" = NEW."current_leaf_id" AND "session_id" = NEW."id") THEN
    -- A conversation with no stored leaf showed its newest message (as readers fall back).
    PERFORM "chat_messages_show_branch"(NEW."id",
      COALESCE(OLD."current_leaf_id", (SELECT max(m."id") FROM "chat_messages" m WHERE m."session_id" = NEW."id")),
      NEW."current_leaf_id");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "chat_sessions_follow_shown_leaf" AFTER UPDATE OF "current_leaf_id" ON "chat_sessions"
  FOR EACH ROW WHEN (OLD."current_leaf_id" IS DISTINCT FROM NEW."current_leaf_id")
  EXECUTE FUNCTION "chat_sessions_follow_shown_leaf"();

-- A user's own search takes only the messages its conversations show.
CREATE OR REPLACE FUNCTION "search_own_messages"(tsquery)
  RETURNS TABLE ("id" integer, "session_id" integer, "rank" real, "created_at" timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT m."id", m."session_id", ts_rank(m."content_search", $1), m."created_at"
    FROM "chat_messages" m
   WHERE m."content_search" @@ $1 AND m."user_id" = app_current_user_id() AND NOT m."off_branch"
$$;
