import {
  deleteEmptyConversations,
  EMPTY_CONVERSATION_MAX_AGE_HOURS,
  formatCleanup,
  type EmptyConversation,
  type Queryable,
} from "@parley/db/operations";
import { silentLogger, type Logger } from "@parley/api";

export interface CleanupScheduleOptions {
  /** The owner's connection: under row-level security the cleanup would see no one's rows. */
  db: Queryable;
  intervalMs: number;
  logger?: Logger;
}

/**
 * Deletes empty conversations older than 24 hours (the spec's cleanup) once at start-up, then
 * every `intervalMs`. A run never overlaps the previous one; a failed run is logged and the
 * next one tries again. Several instances may run it at once: the delete is idempotent.
 */
export function scheduleEmptyConversationCleanup(options: CleanupScheduleOptions) {
  const log = options.logger ?? silentLogger;
  let running: Promise<EmptyConversation[]> | null = null;

  async function cleanOnce(): Promise<EmptyConversation[]> {
    try {
      const removed = await deleteEmptyConversations(options.db);
      // Quiet when there was nothing to do, so an idle server's log stays readable.
      if (removed.length > 0) log.info({ removed: removed.length }, `cleanup: ${formatCleanup(removed, EMPTY_CONVERSATION_MAX_AGE_HOURS)}`);
      return removed;
    } catch (error) {
      log.error({ err: error }, "cleanup of empty conversations failed");
      return [];
    }
  }

  function runNow(): Promise<EmptyConversation[]> {
    running ??= cleanOnce().finally(() => (running = null));
    return running;
  }

  void runNow();
  const timer = setInterval(() => void runNow(), options.intervalMs);
  timer.unref();

  return {
    runNow,
    /** Stops the schedule and waits for a run in progress. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
