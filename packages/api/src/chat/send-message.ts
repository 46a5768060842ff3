import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound } from "../errors.js";
import { assertWritable, lockContext } from "../sessions/context-scope.js";
import { toMessageOutput } from "../sessions/session-row.js";
import { storeUserMessage } from "../sessions/store-user-message.js";
import type { SendInput } from "./send-input.js";
import { checkConcurrentReplies, type SendLimits } from "./send-policy.js";

async function assertNoReplyInProgress(tx: Db, sessionId: number) {
  const streaming = await tx.chatMessage.findFirst({ where: { sessionId, status: "streaming" }, select: { id: true } });
  if (streaming) {
    throw new AppError("REPLY_IN_PROGRESS", "A reply is still being written in this conversation: wait for it or stop it");
  }
}

/**
 * Stores the user's message and the (empty, streaming) assistant message that will hold the
 * reply, in one transaction: if the server dies before the reply starts, start-up recovery
 * finds it and marks it interrupted, so no message stays `streaming` forever.
 */
export async function sendMessage(tx: Db, actor: Actor, input: SendInput, limits: SendLimits) {
  const stored = await storeUserMessage(tx, actor, input);
  if (stored.duplicate) {
    const reply = await tx.chatMessage.findFirst({
      where: { sessionId: stored.session.id, role: "assistant", id: { gt: stored.message.id } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    return { ...stored, reply: reply ? { messageId: reply.id } : null, startReply: false };
  }
  await assertNoReplyInProgress(tx, stored.session.id);
  await checkConcurrentReplies(tx, actor, limits);
  const reply = await tx.chatMessage.create({
    data: { sessionId: stored.session.id, userId: actor.id, role: "assistant", content: "", status: "streaming" },
    select: { id: true },
  });
  const session = { ...stored.session, messageCount: stored.session.messageCount + 1 };
  return { ...stored, session, reply: { messageId: reply.id }, startReply: true };
}

/** Writes a failed, stopped or interrupted last reply again, in place. */
export async function prepareRetry(tx: Db, actor: Actor, messageId: number) {
  const message = await tx.chatMessage.findFirst({
    where: { id: messageId, userId: actor.id, role: "assistant" },
    select: { id: true, status: true, session: { select: { id: true, modelId: true, runId: true, model: { select: { deletedAt: true } } } } },
  });
  if (!message) throw notFound("Message");
  const { session } = message;
  assertWritable({ modelDeleted: Boolean(session.model?.deletedAt) });
  if (!["failed", "stopped", "interrupted"].includes(message.status)) {
    throw new AppError("INVALID_INPUT", "Only a failed, stopped or interrupted reply can be retried");
  }
  await lockContext(tx, actor.id, session);
  const newer = await tx.chatMessage.count({ where: { sessionId: session.id, id: { gt: messageId } } });
  if (newer) throw new AppError("INVALID_INPUT", "Only the last reply of a conversation can be retried");
  await assertNoReplyInProgress(tx, session.id);
  const reset = await tx.chatMessage.update({
    where: { id: messageId },
    data: { content: "", status: "streaming", error: null, toolsUsed: [], promptTokens: null, completionTokens: null, completedAt: null },
  });
  const userMessage = await tx.chatMessage.findFirst({
    where: { sessionId: session.id, role: "user", id: { lt: messageId } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return { sessionId: session.id, message: toMessageOutput(reset), userMessageId: userMessage?.id ?? null };
}
