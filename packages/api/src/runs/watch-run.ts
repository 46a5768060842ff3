import type { Coordination } from "../coordination/coordination.js";
import type { Read } from "../chat/tools/tool.js";
import { runFigures, type RunFigures } from "./run-figures.js";

/** Without news, the figures are sent again this often: "now" moves for a running run. */
const QUIET_REFRESH_MS = 15_000;

/**
 * A run's figures now, then again after every change announced on any instance (several
 * changes while one computation runs give one more), until `signal` aborts. Each push is the
 * whole state, so a reconnecting viewer needs no event id: the first push is current.
 */
export async function* watchRun(
  deps: { read: Read; coordination: Coordination },
  scope: { runId: number; userId: string },
  signal: AbortSignal,
): AsyncGenerator<RunFigures> {
  // Set by notify(); cleared before each computation, so a change during one is not missed.
  let changed: boolean;
  let wake: (() => void) | null = null;
  const notify = () => {
    changed = true;
    wake?.();
  };
  const stop = deps.coordination.onRunChange((runId) => runId === scope.runId && notify());
  signal.addEventListener("abort", notify, { once: true });
  try {
    while (!signal.aborted) {
      changed = false;
      yield await runFigures(deps.read, scope, new Date());
      if (!changed) await nextChange(QUIET_REFRESH_MS, (resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    stop();
    signal.removeEventListener("abort", notify);
  }
}

function nextChange(timeoutMs: number, register: (resolve: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    register(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
