-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN "run_figures" JSONB;
