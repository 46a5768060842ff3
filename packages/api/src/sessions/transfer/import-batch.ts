import type { Actor, Db } from "../../db/as-user.js";
import { AppError } from "../../errors.js";
import type { ConversationContext } from "../schemas.js";
import { conversationKey } from "./export-page.js";
import { importPart, type ImportPart } from "./format.js";
import { failedItem, reasonsFromIssues, type ImportItemReport } from "./import-report.js";
import { planMessages, writeMessages } from "./insert-messages.js";

export const MAX_IMPORT_MESSAGES_PER_BATCH = 2_000;

export interface ImportBatchInput {
  parts: unknown[];
  /** A model or run conversation whose model (or run) is not the importer's: refuse it, or keep it as a general one. */
  unknownContext: "fail" | "general";
}

/** The part's own consistency: its messages are its conversation's, ids ascending, parents known. */
function partProblems(part: ImportPart): string[] {
  const problems: string[] = [];
  let previous = 0;
  for (const [index, message] of part.messages.entries()) {
    if (message.conversationId !== part.conversation.id)
      problems.push(`messages.${index}: belongs to conversation ${message.conversationId}, not ${part.conversation.id}`);
    if (message.id <= previous) problems.push(`messages.${index}: ids must ascend (message ${message.id} after ${previous})`);
    if (message.parentId !== null && message.parentId >= message.id)
      problems.push(`messages.${index}: message ${message.id} follows message ${message.parentId}, which comes after it`);
    previous = message.id;
  }
  return problems;
}

/** The context the conversation goes into, or why it cannot. */
type Placement = { modelId: number | null; runId: number | null; note: string | null } | { error: string };

async function placeContext(
  tx: Db,
  actor: Actor,
  context: ConversationContext,
  unknownContext: ImportBatchInput["unknownContext"],
): Promise<Placement> {
  if (context.kind === "general") return { modelId: null, runId: null, note: null };
  const [owned] = await tx.$queryRaw<{ model: boolean; run: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM models WHERE id = ${context.modelId} AND user_id = ${actor.id}::uuid) AS model,
           EXISTS (SELECT 1 FROM trading_runs WHERE id = ${context.kind === "run" ? context.runId : 0}
                     AND model_id = ${context.modelId} AND user_id = ${actor.id}::uuid) AS run`;
  const what = context.kind === "run" ? `run ${context.runId} of model ${context.modelId}` : `model ${context.modelId}`;
  if (owned?.model && (context.kind === "model" || owned.run))
    return { modelId: context.modelId, runId: context.kind === "run" ? context.runId : null, note: null };
  if (unknownContext === "general")
    return { modelId: null, runId: null, note: `${what} is not yours here: imported as a general conversation` };
  return { error: `${what} is not one of yours (import with unknown contexts as general conversations to keep it)` };
}

/** The conversation an earlier import of the same key made, locked; null when there is none. */
async function findImported(tx: Db, actor: Actor, key: string): Promise<number | null> {
  // Two imports of the same file at once take turns here, on every instance.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`${actor.id}/${key}`}))::text`;
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM chat_sessions WHERE user_id = ${actor.id}::uuid AND idempotency_key = ${key} FOR UPDATE`;
  return row?.id ?? null;
}

async function createConversation(tx: Db, actor: Actor, part: ImportPart, scope: { modelId: number | null; runId: number | null }) {
  const c = part.conversation;
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO chat_sessions (user_id, model_id, run_id, session_title, title_source, is_active, idempotency_key,
                               created_at, activity_at, is_pinned, archived_at, tags)
    VALUES (${actor.id}::uuid, ${scope.modelId}, ${scope.runId}, ${c.title}, ${c.titleSource}::title_source, false, ${c.key},
            ${c.createdAt}::timestamptz, ${c.createdAt}::timestamptz, ${c.pinned}, ${c.archivedAt}::timestamptz, ${c.tags}::text[])
    ON CONFLICT (user_id, idempotency_key) DO NOTHING
    RETURNING id`;
  return row?.id ?? null;
}

/** The user's own conversation, exported and brought back to the same account: it is still here. */
async function isOwnOriginal(tx: Db, actor: Actor, part: ImportPart): Promise<boolean> {
  if (part.conversation.key !== conversationKey(actor.id, part.conversation.id)) return false;
  const rows = await tx.$queryRaw<
    unknown[]
  >`SELECT 1 FROM chat_sessions WHERE id = ${part.conversation.id} AND user_id = ${actor.id}::uuid`;
  return rows.length > 0;
}

async function importOne(
  tx: Db,
  actor: Actor,
  part: ImportPart,
  options: { index: number; unknownContext: ImportBatchInput["unknownContext"] },
) {
  const { index } = options;
  const sourceId = part.conversation.id;
  const skipped = (reasons: string[], sessionId: number | null): ImportItemReport => ({
    index,
    sourceId,
    status: "skipped",
    sessionId,
    messagesAdded: 0,
    messagesAlreadyThere: part.messages.length,
    reasons,
  });
  if (await isOwnOriginal(tx, actor, part)) return skipped([`This is your conversation ${sourceId}, which is still here`], sourceId);
  const scope = await placeContext(tx, actor, part.conversation.context, options.unknownContext);
  if ("error" in scope) return failedItem(index, sourceId, [scope.error]);
  const existing = await findImported(tx, actor, part.conversation.key);
  const plan = await planMessages(tx, existing, part);
  if ("error" in plan) return failedItem(index, sourceId, [plan.error]);
  const sessionId = existing ?? (await createConversation(tx, actor, part, scope));
  // The key is taken by a conversation this user deleted moments ago (hidden until its undo window ends).
  if (sessionId === null)
    return failedItem(index, sourceId, ["An earlier import of it was just deleted; try again once its undo window has ended"]);
  const created = existing === null;
  const notes = await writeMessages(tx, { sessionId, part, created }, plan);
  const added = plan.rows.length;
  const reasons = [...(scope.note ? [scope.note] : []), ...notes];
  if (!added && !created) return skipped(["Already imported: nothing new to add", ...reasons], sessionId);
  return {
    index,
    sourceId,
    status: "imported" as const,
    sessionId,
    messagesAdded: added,
    messagesAlreadyThere: part.messages.length - added,
    reasons,
  };
}

/**
 * One batch of an import, in the caller's one transaction: each part is checked whole (zod, then
 * its own consistency) and imported or reported; a part that fails leaves nothing behind. Parts
 * are found again by their conversation's key and messages by their id in the file
 * (`client_message_id` = `import:<id>`), so importing the same file again adds nothing twice,
 * and an import cut short resumes where it stopped.
 */
export async function importBatch(tx: Db, actor: Actor, input: ImportBatchInput): Promise<ImportItemReport[]> {
  const parsed = input.parts.map((raw) => importPart.safeParse(raw));
  const total = parsed.reduce((sum, part) => sum + (part.success ? part.data.messages.length : 0), 0);
  if (total > MAX_IMPORT_MESSAGES_PER_BATCH)
    throw new AppError("TOO_LARGE", `An import batch can hold at most ${MAX_IMPORT_MESSAGES_PER_BATCH} messages; this one has ${total}`);
  const items: ImportItemReport[] = [];
  for (const [index, result] of parsed.entries()) {
    if (!result.success) {
      items.push(failedItem(index, sourceIdOf(input.parts[index]), reasonsFromIssues(result.error.issues)));
      continue;
    }
    const problems = partProblems(result.data);
    if (problems.length) items.push(failedItem(index, result.data.conversation.id, problems.slice(0, 20)));
    else items.push(await importOne(tx, actor, result.data, { index, unknownContext: input.unknownContext }));
  }
  return items;
}

function sourceIdOf(raw: unknown): number | null {
  if (typeof raw !== "object" || raw === null || !("conversation" in raw)) return null;
  const conversation = raw.conversation;
  if (typeof conversation !== "object" || conversation === null || !("id" in conversation)) return null;
  return typeof conversation.id === "number" ? conversation.id : null;
}
