import type { Prisma, PrismaClient } from "@parley/db";
import type { ReplyStatus } from "../events.js";
import type { Logger } from "../../logger.js";

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
export function createReplyRecord(prisma: PrismaClient, options: { messageId: number; flushIntervalMs: number; log: Logger }) {
  const { messageId, flushIntervalMs, log } = options;
  let content = "";
  let savedLength = 0;
  // Counted from the first text, not from when the record was made: a reply that was slow to
  // start (loading the conversation, the provider's time to first token) would otherwise save
  // its first token alone, at once, one more write per reply for nothing.
  let lastFlushAt: number | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  // The trailing save: text that arrived just before the provider went quiet is saved too.
  let pendingSave: NodeJS.Timeout | null = null;
  const toolsUsed: ToolUse[] = [];
  let usage: { promptTokens: number; completionTokens: number } | null = null;
  let aiModel: string | undefined;

  function saveProgress() {
    if (pendingSave) clearTimeout(pendingSave);
    pendingSave = null;
    if (content.length === savedLength) return;
    savedLength = content.length;
    lastFlushAt = performance.now();
    const snapshot = content;
    writing = writing
      .then(() => prisma.chatMessage.updateMany({ where: { id: messageId, status: "streaming" }, data: { content: snapshot } }))
      .catch((error: unknown) => log.error({ err: error }, "saving the partial reply failed"));
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
      const now = performance.now();
      lastFlushAt ??= now;
      const sinceSave = now - lastFlushAt;
      if (sinceSave >= flushIntervalMs) saveProgress();
      else pendingSave ??= setTimeout(saveProgress, flushIntervalMs - sinceSave);
    },
    /** Queued with the partial saves: the reply need not wait for it. The final save writes it again. */
    saveAiModel(model: string) {
      aiModel = model;
      writing = writing
        .then(() => prisma.chatMessage.updateMany({ where: { id: messageId }, data: { aiModel: model } }))
        .catch((error: unknown) => log.error({ err: error }, "saving the reply's AI model failed"));
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
    /**
     * Saves the outcome, retrying while the database is busy or briefly away: a reply left
     * `streaming` would block its conversation. Throws only after about half a minute.
     */
    async finish(status: ReplyStatus, error: string | null) {
      if (pendingSave) clearTimeout(pendingSave);
      await writing;
      const data = {
        content,
        status,
        error,
        toolsUsed: toolsUsed as unknown as Prisma.InputJsonArray,
        promptTokens: usage?.promptTokens ?? null,
        completionTokens: usage?.completionTokens ?? null,
        completedAt: new Date(),
        ...(aiModel === undefined ? {} : { aiModel }),
      };
      await retrying(() => prisma.chatMessage.update({ where: { id: messageId }, data }));
    },
  };
}

export type ReplyRecord = ReturnType<typeof createReplyRecord>;

const FINAL_SAVE_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 4_000, 8_000, 15_000];

async function retrying(save: () => Promise<unknown>): Promise<void> {
  for (const delay of [...FINAL_SAVE_DELAYS_MS, null]) {
    try {
      await save();
      return;
    } catch (failure) {
      if (delay === null) throw failure;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
