import type { Actor, Db } from "../db/as-user.js";
import { AppError, notFound } from "../errors.js";
import { assertWritable, lockContext, lockSendIntoContext, lockSendIntoConversation, lockUsersReplies } from "../sessions/context-scope.js";
import type { SessionRowWithOwner } from "../sessions/select-sessions.js";
import { toMessageOutput, toSessionOutput, type SessionRow } from "../sessions/session-row.js";
import { provisionalTitle } from "./provisional-title.js";
import type { SendInput } from "./send-input.js";
import { assertNoReplyInProgress, checkConcurrentReplies, type SendPolicy } from "./send-policy.js";
import { readVersionIds } from "./branches/versions.js";
import { insertConversation, insertExchange, readContextForSend, readConversationForSend } from "./send-statements.js";

type ContextTarget = Extract<SendInput["target"], { idempotencyKey: string }>;

/** Where a send writes: the conversation (locked, checked, active), or the message a retried send already stored. */
type Destination =
  | { row: SessionRowWithOwner; created: boolean; defaultAiModel: string | null; leafId: number | null; duplicateId: null }
  | { row: SessionRowWithOwner; created: false; duplicateId: number };

/**
 * Stores the user's message and the (empty, streaming) assistant message that will hold the
 * reply, in one transaction: if the server dies before the reply starts, start-up recovery
 * finds it and marks it interrupted, so no message stays `streaming` forever. A retried send
 * (same idempotency key or client message id) stores nothing twice and returns what the first
 * attempt stored. In an active conversation that is three statements: the user's and the context's locks, one
 * read of everything the send decides on, and one insert of both messages.
 */
export async function sendMessage(tx: Db, actor: Actor, input: SendInput, policy: SendPolicy) {
  const { target } = input;
  const clientMessageId = input.clientMessageId ?? ("idempotencyKey" in target ? target.idempotencyKey : null);
  // Each path's first statement takes the user's replies lock, then the context's.
  const destination =
    "sessionId" in target
      ? await intoConversation(tx, actor, { sessionId: target.sessionId, clientMessageId, content: input.content }, policy)
      : await intoNewConversation(tx, actor, { target, clientMessageId, content: input.content }, policy);
  if (destination.duplicateId !== null) return answerDuplicate(tx, destination.row, destination.duplicateId);
  const { row, created } = destination;
  const aiModel = policy.chooseAiModel(destination.defaultAiModel);
  const exchange = { sessionId: row.id, parentId: destination.leafId, content: input.content, clientMessageId, aiModel };
  const stored = await insertExchange(tx, actor, exchange);
  const message = toMessageOutput({
    id: stored.id,
    sessionId: row.id,
    parentId: destination.leafId,
    role: "user",
    content: input.content,
    status: "complete",
    toolsUsed: [],
    aiModel: null,
    modelVersion: null,
    promptTokens: null,
    completionTokens: null,
    error: null,
    createdAt: stored.createdAt,
    completedAt: null,
  });
  const session = toSessionOutput(afterExchange(row, stored.createdAt));
  return { session, message, createdSession: created, duplicate: false, reply: { messageId: stored.replyId }, startReply: true };
}

/** The conversation as chat_messages_touch_session leaves it after the two messages (both stamped `at`). */
function afterExchange(row: SessionRow, at: Date): SessionRow {
  const latest = (time: Date | null) => (time && time > at ? time : at);
  return { ...row, messageCount: row.messageCount + 2, lastMessageAt: latest(row.lastMessageAt), activityAt: latest(row.activityAt) };
}

async function intoConversation(
  tx: Db,
  actor: Actor,
  send: { sessionId: number; clientMessageId: string | null; content: string },
  policy: SendPolicy,
): Promise<Destination> {
  if (!(await lockSendIntoConversation(tx, actor.id, send.sessionId))) throw notFound("Conversation");
  // Read under the lock: a send racing this one in the same conversation has committed its reply.
  const found = await readConversationForSend(tx, actor, send);
  if (!found) throw notFound("Conversation");
  const { row } = found;
  assertWritable({ modelDeleted: Boolean(row.model?.deletedAt) });
  if (found.duplicateId !== null) return { row, created: false, duplicateId: found.duplicateId };
  assertNoReplyInProgress(found.replyInProgress);
  checkConcurrentReplies(found.repliesWriting, policy);
  const active = row.isActive ? row : await activate(tx, row);
  const titled = active.titleSource === "default" ? await titleFrom(tx, active, send.content) : active;
  return { row: titled, created: false, defaultAiModel: found.defaultAiModel, leafId: found.leafId, duplicateId: null };
}

/** Makes `row` the active conversation of its context (whose lock the caller holds). */
async function activate(tx: Db, row: SessionRowWithOwner): Promise<SessionRowWithOwner> {
  await tx.chatSession.updateMany({
    where: { userId: row.userId, modelId: row.modelId, runId: row.runId, isActive: true, id: { not: row.id } },
    data: { isActive: false },
  });
  await tx.chatSession.update({ where: { id: row.id }, data: { isActive: true }, select: { id: true } });
  return { ...row, isActive: true };
}

/** A conversation started empty takes its provisional title from its first message. */
async function titleFrom(tx: Db, row: SessionRowWithOwner, content: string): Promise<SessionRowWithOwner> {
  const sessionTitle = provisionalTitle(content);
  await tx.chatSession.update({ where: { id: row.id }, data: { sessionTitle, titleSource: "provisional" }, select: { id: true } });
  return { ...row, sessionTitle, titleSource: "provisional" };
}

/** The first send of a context creates its conversation, which becomes the active one. */
async function intoNewConversation(
  tx: Db,
  actor: Actor,
  send: { target: ContextTarget; clientMessageId: string | null; content: string },
  policy: SendPolicy,
): Promise<Destination> {
  const { context, idempotencyKey } = send.target;
  const modelId = context.kind === "general" ? null : context.modelId;
  const runId = context.kind === "run" ? context.runId : null;
  // The ids are checked below, under the lock: an id that is not the user's only keys a lock of theirs.
  await lockSendIntoContext(tx, actor.id, { modelId, runId });
  const found = await readContextForSend(tx, actor, { modelId, runId, idempotencyKey });
  // Someone else's id and a missing id give the same NOT_FOUND, so ids cannot be probed.
  if (context.kind !== "general" && !found.model) throw notFound("Model");
  if (context.kind === "run" && !found.runFound) throw notFound("Run");
  assertWritable({ modelDeleted: Boolean(found.model?.deletedAt) });
  if (found.retriedElsewhere) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key already started a conversation in another context: a first send here needs a new key",
    );
  }
  if (found.retriedId !== null) {
    const retried = await intoConversation(tx, actor, { ...send, sessionId: found.retriedId }, policy);
    return { ...retried, created: false };
  }
  checkConcurrentReplies(found.repliesWriting, policy);
  if (found.activeId !== null) {
    await tx.chatSession.updateMany({ where: { id: found.activeId, isActive: true }, data: { isActive: false } });
  }
  const title = provisionalTitle(send.content);
  const row = await insertConversation(tx, actor, { modelId, runId, idempotencyKey, title, model: found.model });
  return { row, created: true, defaultAiModel: found.model?.defaultAiModel ?? null, leafId: null, duplicateId: null };
}

/** What the first attempt of a retried send stored, and the reply it started (if it got that far). */
async function answerDuplicate(tx: Db, row: SessionRowWithOwner, messageId: number) {
  const message = await tx.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
  const reply = await tx.chatMessage.findFirst({
    where: { sessionId: row.id, role: "assistant", parentId: messageId },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  const session = toSessionOutput(row);
  const answer = { session, message: toMessageOutput(message), createdSession: false, duplicate: true };
  return { ...answer, reply: reply ? { messageId: reply.id } : null, startReply: false };
}

/** Writes a failed, stopped or interrupted last reply again, in place. */
export async function prepareRetry(tx: Db, actor: Actor, messageId: number, policy: SendPolicy) {
  const message = await tx.chatMessage.findFirst({
    where: { id: messageId, userId: actor.id, role: "assistant" },
    select: {
      id: true,
      status: true,
      parentId: true,
      session: { select: { id: true, modelId: true, runId: true, model: { select: { deletedAt: true } } } },
    },
  });
  if (!message) throw notFound("Message");
  const { session } = message;
  assertWritable({ modelDeleted: Boolean(session.model?.deletedAt) });
  if (!["failed", "stopped", "interrupted"].includes(message.status)) {
    throw new AppError("INVALID_INPUT", "Only a failed, stopped or interrupted reply can be retried");
  }
  await lockUsersReplies(tx, actor.id);
  await lockContext(tx, actor.id, session);
  // Read again under the lock: the leaf may have moved since.
  const { currentLeafId } = await tx.chatSession.findUniqueOrThrow({ where: { id: session.id }, select: { currentLeafId: true } });
  if (currentLeafId !== messageId) throw new AppError("INVALID_INPUT", "Only the last reply of the conversation can be retried");
  const streaming = await tx.chatMessage.findFirst({ where: { sessionId: session.id, status: "streaming" }, select: { id: true } });
  assertNoReplyInProgress(streaming !== null);
  checkConcurrentReplies(await tx.chatMessage.count({ where: { userId: actor.id, role: "assistant", status: "streaming" } }), policy);
  // A fresh created_at: sweepers give a reply younger than a lease time to be leased, and this
  // one starts now, not when it was first written.
  const reset = await tx.chatMessage.update({
    where: { id: messageId },
    data: {
      content: "",
      status: "streaming",
      error: null,
      toolsUsed: [],
      promptTokens: null,
      completionTokens: null,
      costUsd: null,
      completedAt: null,
      createdAt: new Date(),
    },
  });
  const versions = await readVersionIds(tx, messageId);
  return { sessionId: session.id, message: toMessageOutput(reset, versions), userMessageId: message.parentId };
}
