import { Prisma, type PrismaClient } from "@parley/db";
import { toModelOutput } from "../../models/queries.js";
import { queryVersions } from "../../models/versions.js";
import { queryRuns, toRunOutput } from "../../runs/queries.js";
import type { ProviderMessage } from "../providers/provider.js";

/** How many recent messages go to the provider verbatim; older ones only through the summary. */
export const HISTORY_LIMIT = 30;

export type ModelConfigForPrompt = ReturnType<typeof toModelOutput> & { deleted: boolean };

export interface RunFactsForPrompt {
  id: number;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
  startingCapital: number;
  fills: number;
  symbols: number;
  realizedPnl: number;
  fees: number;
}

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
  summary: string | null;
  /** The last messages before the reply being written, oldest first. */
  history: ProviderMessage[];
}

interface RawConversation {
  user_id: string;
  model_id: number | null;
  run_id: number | null;
  conversation_summary: string | null;
  message_count: number;
  reply_ai_model: string | null;
  current_version: number | null;
  previous_reply_version: number | null;
  run_version: number | null;
  /** JSON: the last HISTORY_LIMIT messages before the reply, oldest first. */
  history: string;
}

/**
 * Everything a reply is written from, read fresh for every turn, the AI model already stored
 * on the reply (chat.send writes it) and how many messages the conversation has. Runs as the owner (a job). One statement; a
 * second, in parallel, for the model and the run's figures when the conversation has them.
 */
export async function loadConversation(prisma: PrismaClient, sessionId: number, replyMessageId: number) {
  const [row] = await prisma.$queryRaw<RawConversation[]>`
    SELECT s.user_id, s.model_id, s.run_id, s.conversation_summary, s.message_count,
           (SELECT ai_model FROM chat_messages WHERE id = ${replyMessageId}) AS reply_ai_model,
           (SELECT max(version) FROM model_versions WHERE model_id = s.model_id) AS current_version,
           (SELECT model_version FROM chat_messages
             WHERE session_id = ${sessionId} AND id < ${replyMessageId} AND role = 'assistant' AND model_version IS NOT NULL
             ORDER BY id DESC LIMIT 1) AS previous_reply_version,
           (SELECT model_version FROM trading_runs WHERE id = s.run_id) AS run_version,
           (SELECT COALESCE(json_agg(json_build_object('role', h.role, 'content', h.content) ORDER BY h.id), '[]')::text
              FROM (SELECT id, role, content FROM chat_messages
                     WHERE session_id = ${sessionId} AND id < ${replyMessageId} AND content <> ''
                     ORDER BY id DESC LIMIT ${HISTORY_LIMIT}) AS h) AS history
      FROM chat_sessions s
     WHERE s.id = ${sessionId}`;
  if (!row) throw new Error(`conversation ${sessionId} does not exist`);
  const [model, run, versions] = await Promise.all([
    row.model_id === null ? null : prisma.tradingModel.findUnique({ where: { id: row.model_id } }),
    row.run_id === null ? null : loadRunFacts(prisma, row.run_id),
    loadVersions(prisma, row),
  ]);
  const conversation: LoadedConversation = {
    sessionId,
    userId: row.user_id,
    model: model ? { ...toModelOutput(model), deleted: model.deletedAt !== null } : null,
    run,
    versions,
    summary: row.conversation_summary,
    history: JSON.parse(row.history) as Array<{ role: "user" | "assistant"; content: string }>,
  };
  return { conversation, storedAiModel: row.reply_ai_model, messageCount: row.message_count };
}

async function loadRunFacts(prisma: PrismaClient, runId: number): Promise<RunFactsForPrompt | null> {
  const [row] = await queryRuns(prisma, Prisma.sql`r.id = ${runId}`);
  if (!row) return null;
  const run = toRunOutput(row);
  return {
    id: run.id,
    status: run.status,
    startedAt: new Date(run.startedAt),
    endedAt: run.endedAt ? new Date(run.endedAt) : null,
    startingCapital: run.startingCapital,
    ...run.headline,
  };
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
