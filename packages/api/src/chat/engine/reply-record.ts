import type { Prisma, PrismaClient } from "@parley/db";
import type { ReplyStatus } from "../events.js";

export interface ToolUse {
  name: string;
  arguments: string;
  ok: boolean;
}

/**
 * The assistant message as it is being written. Partial text reaches the database at most
 * every `flushIntervalMs`, so a crash loses at most that much; the final state is written once
 * at the end, whatever the outcome.
 */
export function createReplyRecord(prisma: PrismaClient, messageId: number, flushIntervalMs: number) {
  let content = "";
  let savedLength = 0;
  let lastFlushAt = performance.now();
  let writing: Promise<unknown> = Promise.resolve();
  // The trailing save: text that arrived just before the provider went quiet is saved too.
  let pendingSave: NodeJS.Timeout | null = null;
  const toolsUsed: ToolUse[] = [];
  let usage: { promptTokens: number; completionTokens: number } | null = null;

  function saveProgress() {
    if (pendingSave) clearTimeout(pendingSave);
    pendingSave = null;
    if (content.length === savedLength) return;
    savedLength = content.length;
    lastFlushAt = performance.now();
    const snapshot = content;
    writing = writing
      .then(() => prisma.chatMessage.updateMany({ where: { id: messageId, status: "streaming" }, data: { content: snapshot } }))
      .catch((error: unknown) => console.error(`saving partial reply ${messageId} failed`, error));
  }

  return {
    get content() {
      return content;
    },
    get usage() {
      return usage;
    },
    append(text: string) {
      content += text;
      const sinceSave = performance.now() - lastFlushAt;
      if (sinceSave >= flushIntervalMs) saveProgress();
      else pendingSave ??= setTimeout(saveProgress, flushIntervalMs - sinceSave);
    },
    addUsage(promptTokens: number, completionTokens: number) {
      usage = {
        promptTokens: (usage?.promptTokens ?? 0) + promptTokens,
        completionTokens: (usage?.completionTokens ?? 0) + completionTokens,
      };
    },
    addTool(use: ToolUse) {
      toolsUsed.push(use);
      saveProgress();
    },
    async finish(status: ReplyStatus, error: string | null) {
      if (pendingSave) clearTimeout(pendingSave);
      await writing;
      await prisma.chatMessage.update({
        where: { id: messageId },
        data: {
          content,
          status,
          error,
          toolsUsed: toolsUsed as unknown as Prisma.InputJsonArray,
          promptTokens: usage?.promptTokens ?? null,
          completionTokens: usage?.completionTokens ?? null,
          completedAt: new Date(),
        },
      });
    },
  };
}

export type ReplyRecord = ReturnType<typeof createReplyRecord>;
