-- Search finds what the conversation shows: a message on a branch the conversation does not show
-- (the old version of a regenerated reply, the question before an edit) must not be a hit that
-- opens the conversation onto nothing. Walking each hit's branch at query time would cost a
-- conversation's length per hit; instead each message says whether it is off the shown branch,
-- and the flags move when the shown leaf does, costing only the part of the tree that changed.

ALTER TABLE "chat_messages" ADD COLUMN "off_branch" BOOLEAN NOT NULL DEFAULT false;

-- The flags and the triggers that keep them are the next migration (off_branch_follows_leaf),
-- apart so that a test can seed a database without the message tree and add the tree after.
