// Operator tools: the spec's health checks, cleanup and usage statistics, as plain functions
// that take the database handle first. Used by `pnpm run doctor`, the server's scheduled cleanup
// and the admin API.
export type { Queryable } from "./queryable.js";
export {
  deleteEmptyConversations,
  findEmptyConversations,
  EMPTY_CONVERSATION_MAX_AGE_HOURS,
  type EmptyConversation,
} from "./empty-conversations.js";
export {
  findDeletedModelConversations,
  findLongWithoutSummary,
  findMultipleActive,
  findOrphanedConversations,
  findStuckReplies,
} from "./health-queries.js";
export { runHealthChecks, type CheckResult, type HealthCheckOptions, type HealthReport, type Severity } from "./health-checks.js";
export { readUsageStats, type UsageStats } from "./usage-stats.js";
export { formatHealthReport, formatCleanup } from "./format-report.js";
export { purgeDeletedConversations, DELETE_UNDO_WINDOW_SECONDS } from "./purge-deleted.js";
export {
  readUsageGroups,
  readUsageTotals,
  type UsageBreakdown,
  type UsageDimension,
  type UsageFigures,
  type UsageFilter,
  type UsageGroup,
} from "./usage-totals.js";
