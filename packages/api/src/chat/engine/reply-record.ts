import type { Prisma, PrismaClient } from "@parley/db";
import type { ReplyStatus } from "../events.js";
import type { Logger } from "../../logger.js";

export interface ToolUse {
  name: string;
  arguments: string;
  ok: boolean;
  callId: string;
  /**
   * What the tool returned (parsed JSON), kept so that the reply's charts and tables are drawn
   * again exactly as first shown, after a reload, in an export or a share; null when too large.
   */
  result: unknown;
  /** When the tool ran: the "as of" time of what it returned. */
  at: string;
}

/** A stored result at most this long (characters of JSON): a page of 100 trades or a 400-point curve fit. */
export const MAX_STORED_RESULT = 100_000;

/** The result to keep with the reply: parsed, or null when it is too large or not JSON. */
export function storedResult(result: string): unknown {
  if (result.length > MAX_STORED_RESULT) return null;
  try {
    return JSON.parse(result) as unknown;
  } catch {
    return null;
  }
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
  let modelVersion: number | undefined;

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
    /** The configuration version the reply is written with; saved with the outcome. */
    setModelVersion(version: number) {
      modelVersion = version;
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
     * `streaming` would block its conversation. Throws only after about half a minute. False
     * when the message no longer exists or another instance already ended it (it took this
     * writer for dead): that ending stands, and its viewers were told.
     */
    async finish(status: ReplyStatus, error: string | null, costUsd: number | null = null): Promise<boolean> {
      if (pendingSave) clearTimeout(pendingSave);
      await writing;
      const data = {
        content,
        status,
        error,
        toolsUsed: toolsUsed as unknown as Prisma.InputJsonArray,
        promptTokens: usage?.promptTokens ?? null,
        completionTokens: usage?.completionTokens ?? null,
        costUsd,
        completedAt: new Date(),
        ...(aiModel === undefined ? {} : { aiModel }),
        ...(modelVersion === undefined ? {} : { modelVersion }),
      };
      let saved = false;
      await retrying(async () => {
        saved = (await prisma.chatMessage.updateMany({ where: { id: messageId, status: "streaming" }, data })).count > 0;
      });
      return saved;
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
