import type { PrismaClient } from "@parley/db";
import type { Coordination } from "../../coordination/coordination.js";
import type { EventBus } from "../bus/event-bus.js";

const STOP_WAIT_MS = 5_000;

/**
 * The reply is written by another instance: ask it to stop, and wait (briefly) for the reply's
 * `done` on the bus so the caller learns that the partial text is saved.
 */
export async function stopRemoteReply(
  deps: { prisma: PrismaClient; bus: EventBus; coordination: Coordination },
  sessionId: number,
): Promise<boolean> {
  const streaming = await deps.prisma.chatMessage.findFirst({
    where: { sessionId, status: "streaming" },
    select: { id: true },
  });
  if (!streaming) return false;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), STOP_WAIT_MS);
  try {
    const events = deps.bus.subscribe(sessionId, null, controller.signal);
    await deps.coordination.requestStop(sessionId);
    for await (const { event } of events) {
      if (event.type === "done" && event.messageId === streaming.id) return event.status !== "complete";
    }
    return false;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
