import { silentLogger, type Logger } from "@parley/api";
import { purgeDeletedConversations, type Queryable } from "@parley/db/operations";

/** Often enough that a deleted conversation is gone within seconds of its undo window ending. */
export const PURGE_INTERVAL_MS = 2_000;

/**
 * Removes deleted conversations whose undo window has ended: once at start-up (so a restart
 * inside a window finishes what was pending once the window ends, and nothing is half done),
 * then every `intervalMs`, as the owner (RLS hides those rows from everyone else). A run never
 * overlaps the previous one; several instances may purge at once, the delete is idempotent.
 */
export function schedulePurge(options: { db: Queryable; intervalMs?: number; logger?: Logger }) {
  const log = options.logger ?? silentLogger;
  let running: Promise<unknown> | null = null;
  const runNow = () => {
    running ??= purgeDeletedConversations(options.db)
      .then((purged) => purged.conversations > 0 && log.info(purged, "deleted conversations purged after their undo window"))
      .catch((error: unknown) => log.error({ err: error }, "purge of deleted conversations failed"))
      .finally(() => (running = null));
    return running;
  };
  void runNow();
  const timer = setInterval(() => void runNow(), options.intervalMs ?? PURGE_INTERVAL_MS);
  timer.unref();
  return {
    runNow,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
