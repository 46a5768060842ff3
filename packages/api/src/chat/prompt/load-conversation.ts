import { Prisma, type PrismaClient } from "@parley/db";
import { toModelOutput } from "../../models/queries.js";
import { queryVersions } from "../../models/versions.js";
import { loadBranch } from "../branches/load-branch.js";
import { loadRunFacts, type RunFactsForPrompt } from "./run-facts.js";
import type { ProviderMessage } from "../providers/provider.js";
import { chooseHistoryWindow } from "./history-window.js";

export type ModelConfigForPrompt = ReturnType<typeof toModelOutput> & { deleted: boolean };

export type { RunFactsForPrompt } from "./run-facts.js";

/** The model's configuration version now, and what changed since this conversation's previous reply. */
export interface ConfigurationVersions {
  current: number;
  /** The version the run ran with (run conversations). */
  run: number | null;
  /** Versions made after the previous reply was written, oldest first, each with its changes. */
  changedSince: Array<{ from: number; to: number; summary: string }>;
}

export interface LoadedConversation {
  sessionId: number;
  userId: string;
  model: ModelConfigForPrompt | null;
  run: RunFactsForPrompt | null;
  versions: ConfigurationVersions | null;
  /** The summary, when it tells the beginning of the reply's branch. */
  summary: string | null;
  /** Every message of the reply's branch before it that the summary does not cover, oldest first. */
  history: ProviderMessage[];
}

interface RawConversation {
  user_id: string;
  model_id: number | null;
  run_id: number | null;
  conversation_summary: string | null;
  summary_through_message_id: number | null;
  reply_ai_model: string | null;
  current_version: number | null;
  previous_reply_version: number | null;
  run_version: number | null;
  /** The run's figures the last reply of a run conversation was written with. */
  told_figures: unknown;
}

/**
 * Everything a reply is written from, read fresh for every turn: the reply's branch (walked up
 * its parent links, so another branch never leaks in) to where the summary ends, or to its first
 * message when the summary was written for another branch; the history window is
 * `chooseHistoryWindow`'s. And the AI model already stored on the reply (chat.send writes it).
 * Runs as the owner (a job). One statement, then the branch, the model and the run's figures in
 * parallel.
 */
export async function loadConversation(prisma: PrismaClient, sessionId: number, replyMessageId: number) {
  const [row] = await prisma.$queryRaw<RawConversation[]>`
    SELECT s.user_id, s.model_id, s.run_id, s.conversation_summary, s.summary_through_message_id,
           (SELECT ai_model FROM chat_messages WHERE id = ${replyMessageId}) AS reply_ai_model,
           (SELECT max(version) FROM model_versions WHERE model_id = s.model_id) AS current_version,
           (SELECT model_version FROM chat_messages
             WHERE session_id = ${sessionId} AND id < ${replyMessageId} AND role = 'assistant' AND model_version IS NOT NULL
             ORDER BY id DESC LIMIT 1) AS previous_reply_version,
           (SELECT model_version FROM trading_runs WHERE id = s.run_id) AS run_version,
           (SELECT run_figures FROM chat_messages
             WHERE session_id = ${sessionId} AND id < ${replyMessageId} AND role = 'assistant' AND run_figures IS NOT NULL
             ORDER BY id DESC LIMIT 1) AS told_figures
      FROM chat_sessions s
     WHERE s.id = ${sessionId}`;
  if (!row) throw new Error(`conversation ${sessionId} does not exist`);
  const summary = storedSummary(row);
  const from = Prisma.sql`SELECT parent_id FROM chat_messages WHERE id = ${replyMessageId}`;
  const [branch, model, run, versions] = await Promise.all([
    loadBranch(prisma, { sessionId, from, summaryThroughId: summary?.throughMessageId ?? null }),
    row.model_id === null ? null : prisma.tradingModel.findUnique({ where: { id: row.model_id } }),
    row.run_id === null ? null : loadRunFacts(prisma, { runId: row.run_id, userId: row.user_id }, row.told_figures),
    loadVersions(prisma, row),
  ]);
  const chosen = chooseHistoryWindow(branch.messages, branch.summaryOnBranch ? summary : null);
  const conversation: LoadedConversation = {
    sessionId,
    userId: row.user_id,
    model: model ? { ...toModelOutput(model), deleted: model.deletedAt !== null } : null,
    run,
    versions,
    summary: chosen.summary?.text ?? null,
    history: chosen.verbatim.map(({ role, content }) => ({ role, content })),
  };
  return { conversation, storedAiModel: row.reply_ai_model };
}

/** A summary counts only with its coverage: without it, nothing says which messages it replaces. */
function storedSummary(row: RawConversation) {
  const { conversation_summary: text, summary_through_message_id: throughMessageId } = row;
  return text !== null && throughMessageId !== null ? { text, throughMessageId } : null;
}

async function loadVersions(prisma: PrismaClient, row: RawConversation): Promise<ConfigurationVersions | null> {
  if (row.model_id === null || row.current_version === null) return null;
  const previous = row.previous_reply_version;
  const newer = previous !== null && previous < row.current_version ? await queryVersions(prisma, row.model_id, previous) : [];
  return {
    current: row.current_version,
    run: row.run_version,
    changedSince: newer.map((version) => ({ from: version.version - 1, to: version.version, summary: version.summary })),
  };
}
