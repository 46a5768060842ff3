import type { Coordination } from "../coordination/coordination.js";
import type { Actor } from "../db/as-user.js";
import { AppError } from "../errors.js";

export interface SendLimits {
  messagesPerMinute: number;
  concurrentReplies: number;
}

export const defaultSendLimits: SendLimits = { messagesPerMinute: 30, concurrentReplies: 3 };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** A draining instance (SIGTERM) starts no new reply; the client sends again elsewhere. */
export function assertAccepting(engine: { accepting(): boolean }) {
  if (!engine.accepting()) {
    throw new AppError("SERVER_RESTARTING", "This server is restarting: send again in a moment", { retryAfterMs: 1_000 });
  }
}

/** Messages per minute, counted on the shared store so that every instance sees the same. */
export async function checkMessageRate(coordination: Coordination, actor: Actor, limits: SendLimits) {
  const { allowed, retryAfterMs } = await coordination.hit(`messages:${actor.id}`, limits.messagesPerMinute, 60_000);
  if (!allowed) {
    throw new AppError("RATE_LIMITED", `You are sending messages too fast: try again in ${seconds(retryAfterMs)} s`, {
      retryAfterMs,
    });
  }
}

/**
 * What a send needs from the engine besides the database: the limits, and which AI model the
 * reply will be written with (stored on the reply in the send's own transaction).
 */
export interface SendPolicy {
  limits: SendLimits;
  /** The longest a reply still waiting for the provider's first token can hold a slot. */
  firstTokenDeadlineMs: number;
  chooseAiModel(defaultAiModel: string | null): string;
}

/** The conversation has a reply being written: a second one would interleave with it. */
export function assertNoReplyInProgress(replyInProgress: boolean) {
  if (replyInProgress) {
    throw new AppError("REPLY_IN_PROGRESS", "A reply is still being written in this conversation: wait for it or stop it");
  }
}

/**
 * `writing`: replies being written for the user right now, on any instance (the database
 * knows them all), counted by the statement that read the conversation. How long one takes is
 * unknown while it streams; what is known is that one still waiting for the provider gives up
 * at the first-token deadline, so that is the wait stated and the retry-after given.
 */
export function checkConcurrentReplies(writing: number, policy: Pick<SendPolicy, "limits" | "firstTokenDeadlineMs">) {
  if (writing >= policy.limits.concurrentReplies) {
    const bound = seconds(policy.firstTokenDeadlineMs);
    throw new AppError(
      "RATE_LIMITED",
      `${writing} replies are already being written for you: send again when one finishes ` +
        `(one still waiting for the AI provider gives up within ${bound} s)`,
      { retryAfterMs: policy.firstTokenDeadlineMs },
    );
  }
}
