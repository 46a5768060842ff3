import { Prisma } from "@parley/db";
import type { Db, Actor } from "../db/as-user.js";
import type { Reader } from "../db/read-as-user.js";
import { AppError, notFound } from "../errors.js";
import type { ConversationContext } from "./schemas.js";

/** A context checked against its owner: the ids a conversation row of it carries. */
export interface ContextScope {
  modelId: number | null;
  runId: number | null;
  modelDeleted: boolean;
}

/**
 * Checks that the model (and run) of a context belong to the actor. Someone else's id and a
 * missing id give the same NOT_FOUND, so ids cannot be probed.
 */
export async function resolveContext(tx: Db, actor: Actor, context: ConversationContext): Promise<ContextScope> {
  if (context.kind === "general") return { modelId: null, runId: null, modelDeleted: false };
  const model = await tx.tradingModel.findFirst({
    where: { id: context.modelId, userId: actor.id },
    select: { id: true, deletedAt: true },
  });
  if (!model) throw notFound("Model");
  if (context.kind === "model") return { modelId: model.id, runId: null, modelDeleted: model.deletedAt !== null };
  const run = await tx.tradingRun.findFirst({
    where: { id: context.runId, modelId: model.id, userId: actor.id },
    select: { id: true },
  });
  if (!run) throw notFound("Run");
  return { modelId: model.id, runId: run.id, modelDeleted: model.deletedAt !== null };
}

/** `resolveContext`'s check, for reads on `ctx.read`: the same answers, in one statement. */
export async function assertContextOwned(reader: Reader, actor: Actor, context: Exclude<ConversationContext, { kind: "general" }>) {
  const run =
    context.kind === "run"
      ? Prisma.sql`EXISTS (SELECT 1 FROM trading_runs
                            WHERE id = ${context.runId} AND model_id = ${context.modelId} AND user_id = ${actor.id}::uuid)`
      : Prisma.sql`TRUE`;
  const [found] = await reader.query<{ model: boolean; run: boolean }>(Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM models WHERE id = ${context.modelId} AND user_id = ${actor.id}::uuid) AS model, ${run} AS run`);
  if (!found?.model) throw notFound("Model");
  if (!found.run) throw notFound("Run");
}

export function assertWritable(scope: { modelDeleted: boolean }): void {
  if (scope.modelDeleted) {
    throw new AppError("MODEL_DELETED", "This model was deleted: its conversations are read-only");
  }
}

/**
 * Serializes changes to which conversation of a context is active. The partial unique index
 * guarantees at most one; the lock makes concurrent switches wait instead of failing.
 */
export async function lockContext(tx: Db, userId: string, scope: Pick<ContextScope, "modelId" | "runId">) {
  const key = `${userId}:${scope.modelId ?? 0}:${scope.runId ?? 0}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * `lockContext` for the context of the user's conversation `sessionId`, found by the same
 * statement (the same key, composed in SQL). False when the user has no such conversation.
 */
export async function lockConversationContext(tx: Db, userId: string, sessionId: number): Promise<boolean> {
  const locked = await tx.$queryRaw<Array<{ found: boolean }>>`
    SELECT true AS found
      FROM (SELECT pg_advisory_xact_lock(hashtextextended(
                     ${userId}::text || ':' || COALESCE(model_id, 0)::text || ':' || COALESCE(run_id, 0)::text, 0))
              FROM chat_sessions
             WHERE id = ${sessionId} AND user_id = ${userId}::uuid) AS conversation`;
  return locked.length > 0;
}

const usersRepliesKey = (userId: string) => `${userId}:replies`;

/**
 * Serializes the sends (and retries) of one user, on every instance, so that the count of their
 * replies being written that a send reads cannot be stale: without it, sends into different
 * contexts take different locks, all read the same count and all start a reply. Taken before
 * any context lock, and held only by a send's short transaction.
 */
export async function lockUsersReplies(tx: Db, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${usersRepliesKey(userId)}, 0))`;
}

/**
 * A send's two locks in one statement (a round trip less on every send): `lockUsersReplies`,
 * then `lockConversationContext`. The user's lock is the row the output is computed from, so it
 * is taken first, as everywhere else. False when the user has no such conversation.
 */
export async function lockSendIntoConversation(tx: Db, userId: string, sessionId: number): Promise<boolean> {
  const [locked] = await tx.$queryRaw<Array<{ found: boolean | null }>>`
    SELECT (SELECT true
              FROM (SELECT pg_advisory_xact_lock(hashtextextended(
                             ${userId}::text || ':' || COALESCE(model_id, 0)::text || ':' || COALESCE(run_id, 0)::text, 0))
                      FROM chat_sessions
                     WHERE id = ${sessionId} AND user_id = ${userId}::uuid) AS conversation) AS found
      FROM (SELECT pg_advisory_xact_lock(hashtextextended(${usersRepliesKey(userId)}, 0))) AS replies`;
  return locked?.found === true;
}

/**
 * A first send's two locks in one statement: `lockUsersReplies`, then `lockContext` (a SELECT's
 * output columns are evaluated in order).
 */
export async function lockSendIntoContext(tx: Db, userId: string, scope: Pick<ContextScope, "modelId" | "runId">) {
  const key = `${userId}:${scope.modelId ?? 0}:${scope.runId ?? 0}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${usersRepliesKey(userId)}, 0)),
                              pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
