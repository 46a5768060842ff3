import type { PrismaClient } from "@parley/db";
import type { Coordination } from "../../coordination/coordination.js";
import type { EventBus } from "../bus/event-bus.js";
import { endOrphanedReply } from "./orphan-sweeper.js";

// A live writer acknowledges a stop within a Redis round trip; its `done` follows once the
// partial text is saved, which a busy database can slow down.
const ACK_WAIT_MS = 750;
const DONE_WAIT_MS = 5_000;

/**
 * The reply is not written by this instance: ask its writer to stop it and wait for the reply's
 * `done`, so the caller learns that the partial text is saved. When no writer acknowledges (it
 * died and its lease has not run out yet, or it never leased the reply), this instance ends the
 * reply itself, as stopped, with the text its viewers were shown: a stop never waits for a lease.
 */
export async function stopRemoteReply(
  deps: { prisma: PrismaClient; bus: EventBus; coordination: Coordination },
  sessionId: number,
): Promise<boolean> {
  const streaming = await deps.prisma.chatMessage.findFirst({
    where: { sessionId, status: "streaming" },
    select: { id: true, sessionId: true, content: true },
  });
  if (!streaming) return false;
  if (!(await deps.coordination.requestStop(sessionId, ACK_WAIT_MS))) {
    return endOrphanedReply(deps, streaming, { status: "stopped", error: null });
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DONE_WAIT_MS);
  try {
    // From the start of the current reply: a `done` published before this subscribed is in it.
    for await (const { event } of deps.bus.subscribe(sessionId, null, controller.signal)) {
      if (event.type === "done" && event.messageId === streaming.id) return event.status !== "complete";
    }
    return false;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
