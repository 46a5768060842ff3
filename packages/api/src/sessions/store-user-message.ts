import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import { activateInContext } from "./active-session.js";
import { assertWritable, lockContext, resolveContext } from "./context-scope.js";
import type { ConversationContext } from "./schemas.js";
import { sessionSelect, toMessageOutput, toSessionOutput, type SessionRow } from "./session-row.js";

/** An existing conversation, or a context whose first message creates one (the ephemeral flow). */
export type SendTarget = { sessionId: number } | { context: ConversationContext; idempotencyKey: string };

export interface StoreUserMessageInput {
  target: SendTarget;
  content: string;
  clientMessageId?: string | undefined;
}

/** Until the generated title arrives, the first words of the first message. */
export function provisionalTitle(content: string): string {
  const words = content.replace(/\s+/g, " ").trim().split(" ");
  let title = "";
  for (const word of words) {
    if ((title + " " + word).trim().length > 60) break;
    title = (title + " " + word).trim();
  }
  return title || content.trim().slice(0, 60);
}

async function targetSession(tx: Db, actor: Actor, target: SendTarget): Promise<{ row: SessionRow; created: boolean }> {
  if ("sessionId" in target) {
    const row = await tx.chatSession.findFirst({ where: { id: target.sessionId, userId: actor.id }, select: sessionSelect });
    if (!row) throw notFound("Conversation");
    assertWritable({ modelDeleted: Boolean(row.model?.deletedAt) });
    // Under the context's lock, whatever `row.isActive` said: it was read before the lock.
    await activateInContext(tx, actor.id, row);
    return { row, created: false };
  }
  const scope = await resolveContext(tx, actor, target.context);
  assertWritable(scope);
  await lockContext(tx, actor.id, scope);
  const retried = await tx.chatSession.findUnique({
    where: { userId_idempotencyKey: { userId: actor.id, idempotencyKey: target.idempotencyKey } },
    select: sessionSelect,
  });
  if (retried) return { row: retried, created: false };
  await tx.chatSession.updateMany({
    where: { userId: actor.id, modelId: scope.modelId, runId: scope.runId, isActive: true },
    data: { isActive: false },
  });
  const row = await tx.chatSession.create({
    data: { userId: actor.id, modelId: scope.modelId, runId: scope.runId, idempotencyKey: target.idempotencyKey },
    select: sessionSelect,
  });
  return { row, created: true };
}

/**
 * Stores what the user wrote, in one transaction with creating the conversation when this is
 * its first message. A retried send (same idempotency key or client message id) stores
 * nothing twice and returns what the first attempt stored.
 */
export async function storeUserMessage(tx: Db, actor: Actor, input: StoreUserMessageInput) {
  const { row, created } = await targetSession(tx, actor, input.target);
  const clientMessageId =
    input.clientMessageId ?? ("idempotencyKey" in input.target ? input.target.idempotencyKey : undefined);
  const duplicate = clientMessageId
    ? await tx.chatMessage.findUnique({ where: { sessionId_clientMessageId: { sessionId: row.id, clientMessageId } } })
    : null;
  const message =
    duplicate ??
    (await tx.chatMessage.create({
      data: { sessionId: row.id, userId: actor.id, role: "user", content: input.content, clientMessageId },
    }));
  if (!duplicate && row.titleSource === "default") {
    await tx.chatSession.update({
      where: { id: row.id },
      data: { sessionTitle: provisionalTitle(input.content), titleSource: "provisional" },
    });
  }
  const session = await tx.chatSession.findUniqueOrThrow({ where: { id: row.id }, select: sessionSelect });
  return { session: toSessionOutput(session), message: toMessageOutput(message), createdSession: created, duplicate: duplicate !== null };
}
