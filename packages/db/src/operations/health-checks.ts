import { EMPTY_CONVERSATION_MAX_AGE_HOURS, findEmptyConversations } from "./empty-conversations.js";
import {
  findDeletedModelConversations,
  findLongWithoutSummary,
  findMultipleActive,
  findOrphanedConversations,
  findStuckReplies,
} from "./health-queries.js";
import type { Queryable } from "./queryable.js";

/** `error`: an invariant is broken; `warning`: something needs a look; `notice`: expected, for information. */
export type Severity = "error" | "warning" | "notice";

export interface HealthCheckOptions {
  /** A reply still streaming after this long counts as stuck (default 15). */
  stuckAfterMinutes?: number;
}

export interface CheckResult {
  id: string;
  severity: Severity;
  /** What the check looks for, phrased so that "0 found" reads as healthy. */
  title: string;
  /** What to do when something is found. */
  advice: string;
  /** `pnpm run doctor --fix` (and the server's scheduled cleanup) can repair what this check finds. */
  fixable: boolean;
  rows: object[];
  /** One readable line per row. */
  lines: string[];
}

export interface HealthReport {
  checks: CheckResult[];
  /** Rows found by error and warning checks; notices do not count. */
  problems: number;
}

interface CheckDefinition<Row extends object> {
  id: string;
  severity: Severity;
  title: string;
  advice: string;
  fixable?: boolean;
  find(db: Queryable): Promise<Row[]>;
  describe(row: Row): string;
}

const context = (row: { modelId: number | null; runId?: number | null; modelName: string | null }) => {
  if (row.modelId === null) return "general";
  const model = `model ${row.modelId}${row.modelName === null ? "" : ` "${row.modelName}"`}`;
  return row.runId ? `run ${row.runId} of ${model}` : model;
};
const iso = (date: Date | null) => date?.toISOString() ?? "never";

const multipleActive = check({
  id: "multiple-active",
  severity: "error",
  title: "contexts with more than one active conversation",
  advice:
    "The unique index chat_sessions_one_active_per_context is missing or invalid: restore it " +
    "after keeping only the most recent active conversation of each context.",
  find: findMultipleActive,
  describe: (r) => `user ${r.userId}, ${context(r)}: ${r.activeCount} active (conversations ${r.conversationIds.join(", ")})`,
});

const orphanedConversations = check({
  id: "orphaned-conversations",
  severity: "error",
  title: "conversations whose model no longer exists",
  advice:
    "The foreign key from chat_sessions to models is missing: decide whether " + "to keep or delete these conversations, then restore it.",
  find: findOrphanedConversations,
  describe: (r) => `conversation ${r.id} "${r.title}" of missing model ${r.modelId}: ${r.messageCount} messages`,
});

const deletedModelConversations = check({
  id: "deleted-model-conversations",
  severity: "notice",
  title: "conversations of deleted models (kept readable by design)",
  advice: "Nothing to do unless your data policy says otherwise: deleting a model keeps its conversations.",
  find: findDeletedModelConversations,
  describe: (r) => `conversation ${r.id} "${r.title}" of ${context(r)}, deleted ${iso(r.modelDeletedAt)}: ${r.messageCount} messages`,
});

const longWithoutSummary = check({
  id: "long-without-summary",
  severity: "warning",
  title: "conversations over 60 messages without a summary",
  advice:
    "The summary job has not run for them: check PARLEY_SUMMARY_MODEL and the " + "server log; the next reply in each schedules it again.",
  find: (db) => findLongWithoutSummary(db, { overMessages: 60 }),
  describe: (r) => `conversation ${r.id} "${r.title}" (${context(r)}): ${r.messageCount} messages`,
});

const emptyOldConversations = check({
  id: "empty-old-conversations",
  severity: "warning",
  title: `empty conversations older than ${EMPTY_CONVERSATION_MAX_AGE_HOURS} hours`,
  advice: "`pnpm run doctor --fix` deletes them; the server also does on its " + "cleanup schedule (PARLEY_CLEANUP_INTERVAL_MINUTES).",
  fixable: true,
  find: (db) => findEmptyConversations(db),
  describe: (r) => `conversation ${r.id} (${context({ ...r, modelName: null })}) of user ${r.userId}, created ${iso(r.createdAt)}`,
});

const stuckReplies = (minutes: number) =>
  check({
    id: "stuck-replies",
    severity: "warning",
    title: `replies streaming for more than ${minutes} minutes`,
    advice: "Their writer died: restarting the server (or the orphan sweep " + "of a running one) saves them as interrupted.",
    find: (db) => findStuckReplies(db, { olderThanMinutes: minutes }),
    describe: (r) => `message ${r.messageId} in conversation ${r.sessionId}, ${r.minutes} minutes old (${r.aiModel ?? "no AI model yet"})`,
  });

// Erases each definition's row type once its describe() is bound to it.
function check<Row extends object>(definition: CheckDefinition<Row>) {
  return async (db: Queryable): Promise<CheckResult> => {
    const rows = await definition.find(db);
    const { find: _find, describe, fixable = false, ...rest } = definition;
    return { ...rest, fixable, rows, lines: rows.map(describe) };
  };
}

/** Runs every check, one after the other (the embedded database has a single connection). */
export async function runHealthChecks(db: Queryable, options: HealthCheckOptions = {}): Promise<HealthReport> {
  const checks: CheckResult[] = [];
  const all = [
    multipleActive,
    orphanedConversations,
    deletedModelConversations,
    longWithoutSummary,
    emptyOldConversations,
    stuckReplies(options.stuckAfterMinutes ?? 15),
  ];
  for (const run of all) checks.push(await run(db));
  const problems = checks.filter((c) => c.severity !== "notice").reduce((sum, c) => sum + c.rows.length, 0);
  return { checks, problems };
}
