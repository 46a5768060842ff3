import type { PrismaClient } from "@parley/db";
import type { Coordination } from "../../coordination/coordination.js";
import type { EventBus } from "../bus/event-bus.js";

export const INTERRUPTED_ERROR = "The server stopped while this reply was being written";

/**
 * Finds replies still `streaming` that no live instance holds (their writer died), saves them
 * as interrupted with whatever text they had, and tells their viewers. `minAgeMs` keeps a
 * reply that was just stored, and whose writer has not leased it yet, out of reach.
 */
export async function sweepOrphanedReplies(
  deps: { prisma: PrismaClient; bus: EventBus; coordination: Coordination },
  options: { minAgeMs: number; isLocal: (messageId: number) => boolean },
): Promise<number> {
  const streaming = await deps.prisma.chatMessage.findMany({
    where: { status: "streaming", createdAt: { lte: new Date(Date.now() - options.minAgeMs) } },
    select: { id: true, sessionId: true, content: true },
    take: 500,
  });
  const candidates = streaming.filter((message) => !options.isLocal(message.id));
  const held = await deps.coordination.heldReplies(candidates.map((m) => m.id));
  let swept = 0;
  for (const orphan of candidates.filter((m) => !held.has(m.id))) {
    const { count } = await deps.prisma.chatMessage.updateMany({
      where: { id: orphan.id, status: "streaming" },
      data: { status: "interrupted", error: INTERRUPTED_ERROR, completedAt: new Date() },
    });
    if (!count) continue;
    swept++;
    await deps.bus
      .publish(orphan.sessionId, {
        type: "done",
        messageId: orphan.id,
        status: "interrupted",
        usage: null,
        error: INTERRUPTED_ERROR,
        contentLength: orphan.content.length,
      })
      .catch(() => undefined);
  }
  return swept;
}
