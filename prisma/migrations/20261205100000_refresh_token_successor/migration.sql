-- A rotated refresh token remembers the token that replaced it, so a retired token presented
-- again moments later (a reload that cut off the rotation's response) can be told apart from a
-- leaked one: its successor is still live and it was retired within the reuse grace interval.

-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN "replaced_by_id" UUID;
