import type { Coordination } from "../coordination/coordination.js";
import type { Actor, Db } from "../db/as-user.js";
import { AppError } from "../errors.js";

export interface SendLimits {
  messagesPerMinute: number;
  concurrentReplies: number;
}

export const defaultSendLimits: SendLimits = { messagesPerMinute: 30, concurrentReplies: 3 };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Messages per minute, counted on the shared store so that every instance sees the same. */
export async function checkMessageRate(coordination: Coordination, actor: Actor, limits: SendLimits) {
  const { allowed, retryAfterMs } = await coordination.hit(`messages:${actor.id}`, limits.messagesPerMinute, 60_000);
  if (!allowed) {
    throw new AppError("RATE_LIMITED", `You are sending messages too fast: try again in ${seconds(retryAfterMs)} s`, {
      retryAfterMs,
    });
  }
}

/** Replies being written for the user right now, on any instance (the database knows them all). */
export async function checkConcurrentReplies(tx: Db, actor: Actor, limits: SendLimits) {
  const writing = await tx.chatMessage.count({ where: { userId: actor.id, status: "streaming" } });
  if (writing >= limits.concurrentReplies) {
    throw new AppError(
      "RATE_LIMITED",
      `${writing} replies are already being written for you: wait for one to finish (about 5 s)`,
      { retryAfterMs: 5_000 },
    );
  }
}
