import type { ChatMessage, Prisma } from "@parley/db";
import type { MessageOutput, SessionOutput } from "./schemas.js";

/** The columns a conversation is shown with; one select, so every procedure returns the same. */
export const sessionSelect = {
  id: true,
  sessionTitle: true,
  titleSource: true,
  isActive: true,
  modelId: true,
  runId: true,
  messageCount: true,
  conversationSummary: true,
  createdAt: true,
  lastMessageAt: true,
  activityAt: true,
  isPinned: true,
  archivedAt: true,
  tags: true,
  model: { select: { name: true, deletedAt: true } },
} satisfies Prisma.ChatSessionSelect;

export type SessionRow = Prisma.ChatSessionGetPayload<{ select: typeof sessionSelect }>;

export function toSessionOutput(row: SessionRow): SessionOutput {
  return {
    id: row.id,
    title: row.sessionTitle,
    titleSource: row.titleSource,
    isActive: row.isActive,
    modelId: row.modelId,
    runId: row.runId,
    modelName: row.model?.name ?? null,
    modelDeleted: Boolean(row.model?.deletedAt),
    messageCount: row.messageCount,
    hasSummary: row.conversationSummary !== null,
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    activityAt: row.activityAt.toISOString(),
    isPinned: row.isPinned,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    tags: row.tags,
  };
}

/** The columns a message is shown with: a Prisma row, or one read by plain SQL (messages.ts). */
export type MessageRow = Pick<
  ChatMessage,
  | "id"
  | "sessionId"
  | "parentId"
  | "role"
  | "content"
  | "status"
  | "toolsUsed"
  | "aiModel"
  | "modelVersion"
  | "promptTokens"
  | "completionTokens"
  | "error"
  | "createdAt"
  | "completedAt"
> & {
  /** A Prisma row's Decimal, or a number read by plain SQL; absent where not selected. */
  costUsd?: { toString(): string } | number | null;
};

/** `versionIds`: the message's versions (siblings and itself, oldest first); alone by default. */
export function toMessageOutput(row: MessageRow, versionIds: readonly number[] = [row.id]): MessageOutput {
  return {
    id: row.id,
    sessionId: row.sessionId,
    parentId: row.parentId,
    versionIds: [...versionIds],
    role: row.role,
    content: row.content,
    status: row.status,
    toolsUsed: Array.isArray(row.toolsUsed) ? (row.toolsUsed as MessageOutput["toolsUsed"]) : [],
    aiModel: row.aiModel,
    modelVersion: row.modelVersion,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    costUsd: row.costUsd === null || row.costUsd === undefined ? null : Number(row.costUsd.toString()),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
