import { Prisma } from "@parley/db";
import type { Actor, Db } from "../db/as-user.js";
import type { Reader } from "../db/read-as-user.js";
import { notFound } from "../errors.js";
import { assertContextOwned, assertWritable, lockContext, resolveContext, type ContextScope } from "./context-scope.js";
import { contextCondition } from "./list-sessions.js";
import type { ConversationContext } from "./schemas.js";
import { selectSessions } from "./select-sessions.js";
import { sessionSelect, toSessionOutput } from "./session-row.js";

function activeWhere(actor: Actor, scope: ContextScope) {
  return { userId: actor.id, modelId: scope.modelId, runId: scope.runId, isActive: true };
}

/**
 * The context's active conversation, or null, in one read (the web app asks on every visit to
 * `/`). As in `listSessions`, a conversation found proves the context is the actor's; only
 * when none is does a second statement tell "none yet" from NOT_FOUND.
 */
export async function findActiveSession(reader: Reader, actor: Actor, context: ConversationContext) {
  const [found] = await selectSessions(reader, Prisma.sql`WHERE user_id = ${actor.id}::uuid AND is_active ${contextCondition(context)}`);
  if (found) return toSessionOutput(found);
  if (context.kind !== "general") await assertContextOwned(reader, actor, context);
  return null;
}

/** The context's active conversation, created (empty) when it has none; `created` says which. */
export async function getOrCreateActiveSession(tx: Db, actor: Actor, context: ConversationContext) {
  const scope = await resolveContext(tx, actor, context);
  const existing = await tx.chatSession.findFirst({ where: activeWhere(actor, scope), select: sessionSelect });
  if (existing) return { session: toSessionOutput(existing), created: false };
  assertWritable(scope);
  await lockContext(tx, actor.id, scope);
  const raced = await tx.chatSession.findFirst({ where: activeWhere(actor, scope), select: sessionSelect });
  if (raced) return { session: toSessionOutput(raced), created: false };
  const created = await tx.chatSession.create({
    data: { userId: actor.id, modelId: scope.modelId, runId: scope.runId },
    select: sessionSelect,
  });
  return { session: toSessionOutput(created), created: true };
}

/** Starts a new, active conversation; the previous active one becomes inactive. */
export async function startNewSession(tx: Db, actor: Actor, context: ConversationContext) {
  const scope = await resolveContext(tx, actor, context);
  assertWritable(scope);
  await lockContext(tx, actor.id, scope);
  await tx.chatSession.updateMany({ where: activeWhere(actor, scope), data: { isActive: false } });
  const created = await tx.chatSession.create({
    data: { userId: actor.id, modelId: scope.modelId, runId: scope.runId },
    select: sessionSelect,
  });
  return toSessionOutput(created);
}

/** Makes a conversation the active one of its context. */
export async function resumeSession(tx: Db, actor: Actor, sessionId: number) {
  const target = await tx.chatSession.findFirst({
    where: { id: sessionId, userId: actor.id },
    select: { id: true, modelId: true, runId: true },
  });
  if (!target) throw notFound("Conversation");
  // Even when it looks active: read before the context's lock, that may already be stale.
  await activateInContext(tx, actor.id, target);
  return toSessionOutput(await tx.chatSession.findUniqueOrThrow({ where: { id: sessionId }, select: sessionSelect }));
}

export async function activateInContext(tx: Db, userId: string, session: { id: number; modelId: number | null; runId: number | null }) {
  await lockContext(tx, userId, session);
  await tx.chatSession.updateMany({
    where: { userId, modelId: session.modelId, runId: session.runId, isActive: true, id: { not: session.id } },
    data: { isActive: false },
  });
  await tx.chatSession.update({ where: { id: session.id }, data: { isActive: true } });
}
