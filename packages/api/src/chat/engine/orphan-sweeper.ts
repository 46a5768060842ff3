import type { PrismaClient } from "@parley/db";
import type { Coordination } from "../../coordination/coordination.js";
import type { EventBus } from "../bus/event-bus.js";

export const INTERRUPTED_ERROR = "The server stopped while this reply was being written";

type Deps = { prisma: PrismaClient; bus: EventBus };

/**
 * Ends a reply whose writer is gone, from another instance: saves it with the text its viewers
 * were shown (rebuilt from the bus when the bus still holds the reply whole, else what the
 * writer last saved) and tells them. False when it was no longer streaming (someone ended it).
 */
export async function endOrphanedReply(
  deps: Deps,
  reply: { id: number; sessionId: number; content: string },
  ending: { status: "stopped" | "interrupted"; error: string | null },
): Promise<boolean> {
  const published = await deps.bus.publishedText(reply.sessionId, reply.id).catch(() => null);
  const content = shownText(reply.content, published);
  const { count } = await deps.prisma.chatMessage.updateMany({
    where: { id: reply.id, status: "streaming" },
    data: { status: ending.status, error: ending.error, content, completedAt: new Date() },
  });
  if (!count) return false;
  await deps.bus
    .publish(reply.sessionId, {
      type: "done",
      messageId: reply.id,
      status: ending.status,
      usage: null,
      error: ending.error,
      contentLength: content.length,
    })
    .catch(() => undefined);
  return true;
}

/**
 * What the reply's viewers were shown, to keep as its text. The writer saves about once a second,
 * so its save is usually behind what it published; but it appends text before the frame carrying
 * it reaches the bus, so a save made just before the writer died can be ahead of it. Either way
 * the bus's copy (when it holds the reply whole) is what was shown. Only when the two disagree
 * otherwise (events lost) does the longer one win, so no text is dropped on a guess.
 */
export function shownText(saved: string, published: string | null): string {
  if (published === null) return saved;
  return published.length >= saved.length || saved.startsWith(published) ? published : saved;
}

/**
 * Finds replies still `streaming` that no live instance holds (their writer died), saves them
 * as interrupted with the text their viewers saw, and tells them. `minAgeMs` keeps a reply that
 * was just stored, and whose writer has not leased it yet, out of reach.
 */
export async function sweepOrphanedReplies(
  deps: Deps & { coordination: Coordination },
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
    if (await endOrphanedReply(deps, orphan, { status: "interrupted", error: INTERRUPTED_ERROR })) swept++;
  }
  return swept;
}
