import type { Actor, Db } from "../../db/as-user.js";
import { AppError, notFound } from "../../errors.js";
import { lockConversationContext } from "../../sessions/context-scope.js";
import { toMessageOutput } from "../../sessions/session-row.js";
import { insertExchange, NEW_ROOT } from "../send-statements.js";
import { assertNoReplyInProgress, checkConcurrentReplies, type SendPolicy } from "../send-policy.js";
import { lockBranchTarget } from "./branch-target.js";
import { readVersionIds } from "./versions.js";

// Regenerate, edit and switch: each adds or picks a branch of the conversation's message tree
// and makes it the one shown (chat_sessions.current_leaf_id), under the same lock and the same
// one-reply-at-a-time and concurrency rules as a send.

/** A new version of reply `messageId`: an empty `streaming` sibling, answered afresh. */
export async function regenerateReply(tx: Db, actor: Actor, messageId: number, policy: SendPolicy) {
  const target = await lockBranchTarget(tx, actor, { messageId, role: "assistant" });
  assertNoReplyInProgress(target.replyInProgress);
  checkConcurrentReplies(target.repliesWriting, policy.limits);
  const reply = await tx.chatMessage.create({
    data: {
      sessionId: target.sessionId,
      userId: actor.id,
      parentId: target.parentId ?? NEW_ROOT,
      role: "assistant",
      content: "",
      status: "streaming",
      aiModel: policy.chooseAiModel(target.defaultAiModel),
    },
  });
  const message = toMessageOutput(reply, await readVersionIds(tx, reply.id));
  return { sessionId: target.sessionId, userMessageId: target.parentId, reply: { messageId: reply.id }, message };
}

/**
 * A new version of question `messageId` with `content`, and an empty reply to it: a new branch
 * from that point. Refused while a reply is being written (the answer would follow the old one).
 */
export async function editQuestion(tx: Db, actor: Actor, edit: { messageId: number; content: string }, policy: SendPolicy) {
  const target = await lockBranchTarget(tx, actor, { messageId: edit.messageId, role: "user" });
  if (target.replyInProgress) {
    throw new AppError("REPLY_IN_PROGRESS", "A reply is still being written: stop it or wait for it before editing a message");
  }
  checkConcurrentReplies(target.repliesWriting, policy.limits);
  const exchange = {
    sessionId: target.sessionId,
    parentId: target.parentId,
    content: edit.content,
    clientMessageId: null,
    aiModel: policy.chooseAiModel(target.defaultAiModel),
  };
  const stored = await insertExchange(tx, actor, exchange);
  const question = await tx.chatMessage.findUniqueOrThrow({ where: { id: stored.id } });
  const message = toMessageOutput(question, await readVersionIds(tx, stored.id));
  return { sessionId: target.sessionId, userMessageId: stored.id, reply: { messageId: stored.replyId }, message };
}

/**
 * Shows version `messageId`: the branch through it that was written last (its newest
 * descendant becomes the leaf). Refused while a reply is being written, which would go on in a
 * branch no longer shown.
 */
export async function switchBranch(tx: Db, actor: Actor, messageId: number) {
  const found = await tx.chatMessage.findFirst({ where: { id: messageId, userId: actor.id }, select: { sessionId: true } });
  if (!found || !(await lockConversationContext(tx, actor.id, found.sessionId))) throw notFound("Message");
  const { sessionId } = found;
  const streaming = await tx.chatMessage.findFirst({ where: { sessionId, status: "streaming" }, select: { id: true } });
  if (streaming) {
    throw new AppError("REPLY_IN_PROGRESS", "A reply is still being written: stop it or wait for it before switching versions");
  }
  const [leaf] = await tx.$queryRaw<Array<{ id: number }>>`
    WITH RECURSIVE below AS (
      SELECT id FROM chat_messages WHERE id = ${messageId} AND session_id = ${sessionId}
      UNION ALL
      SELECT c.id FROM chat_messages c JOIN below ON c.session_id = ${sessionId} AND c.parent_id = below.id)
    SELECT max(id) AS id FROM below`;
  const leafId = leaf?.id ?? messageId;
  await tx.chatSession.update({ where: { id: sessionId }, data: { currentLeafId: leafId }, select: { id: true } });
  return { sessionId, leafId };
}
