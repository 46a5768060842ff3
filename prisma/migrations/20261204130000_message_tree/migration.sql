-- Messages form a tree: regenerating a reply or editing a question adds a sibling version
-- beside the old one, and the conversation remembers which branch it shows (current_leaf_id).
-- Every existing conversation becomes one branch: each message's parent is the one before it.

ALTER TABLE "chat_messages" ADD COLUMN "parent_id" INTEGER;
ALTER TABLE "chat_sessions" ADD COLUMN "current_leaf_id" INTEGER;

UPDATE "chat_messages" AS m
   SET "parent_id" = chain."previous_id"
  FROM (SELECT "id", lag("id") OVER (PARTITION BY "session_id" ORDER BY "id") AS "previous_id"
          FROM "chat_messages") AS chain
 WHERE chain."id" = m."id" AND chain."previous_id" IS NOT NULL;

UPDATE "chat_sessions" AS s
   SET "current_leaf_id" = (SELECT max("id") FROM "chat_messages" WHERE "session_id" = s."id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_id_session_id_key" ON "chat_messages"("id", "session_id");

-- CreateIndex
CREATE INDEX "chat_messages_session_id_parent_id_id_idx" ON "chat_messages"("session_id", "parent_id", "id");

-- AddForeignKey: a message's parent is a message of the same conversation.
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_parent_id_session_id_fkey" FOREIGN KEY ("parent_id", "session_id") REFERENCES "chat_messages"("id", "session_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What schema.prisma cannot express: a message written without a parent continues the branch
-- the conversation shows (so every writer, tests and seeds included, keeps the tree whole), and
-- a new message becomes the shown leaf. A parent of 0 asks for a new root (an edited first
-- question). current_leaf_id has no foreign key: it would make the conversation and its
-- messages delete each other in a cycle; readers fall back to the newest message instead.
CREATE FUNCTION "chat_messages_attach_to_branch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."parent_id" = 0 THEN
    NEW."parent_id" := NULL;
  ELSIF NEW."parent_id" IS NULL THEN
    SELECT COALESCE(s."current_leaf_id", (SELECT max(m."id") FROM "chat_messages" m WHERE m."session_id" = NEW."session_id"))
      INTO NEW."parent_id"
      FROM "chat_sessions" s
     WHERE s."id" = NEW."session_id";
  END IF;
  -- Here rather than in an AFTER trigger: the next row of the same INSERT must see it.
  UPDATE "chat_sessions" SET "current_leaf_id" = NEW."id" WHERE "id" = NEW."session_id";
  RETURN NEW;
END $$;

CREATE TRIGGER "chat_messages_attach_to_branch" BEFORE INSERT ON "chat_messages"
  FOR EACH ROW EXECUTE FUNCTION "chat_messages_attach_to_branch"();

CREATE OR REPLACE FUNCTION "chat_messages_touch_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "chat_sessions"
       SET "message_count" = "message_count" + 1,
           "last_message_at" = GREATEST(COALESCE("last_message_at", NEW."created_at"), NEW."created_at"),
           "activity_at" = GREATEST("activity_at", NEW."created_at")
     WHERE "id" = NEW."session_id";
    RETURN NEW;
  END IF;
  UPDATE "chat_sessions"
     SET "message_count" = "message_count" - 1,
         "current_leaf_id" = NULLIF("current_leaf_id", OLD."id")
   WHERE "id" = OLD."session_id";
  RETURN OLD;
END $$;
