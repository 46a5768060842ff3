import { setTimeout as sleep } from "node:timers/promises";
import { silentLogger, type Logger } from "../../logger.js";

/**
 * Background work that must not slow a request down: each job runs after the caller has its
 * answer, is retried with backoff, and is tracked so shutdown and tests can wait for it.
 */
export function createJobRunner(options: { retryDelaysMs?: number[]; logger?: Logger } = {}) {
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000];
  const log = options.logger ?? silentLogger;
  const running = new Set<Promise<void>>();

  async function attempt(name: string, work: () => Promise<void>) {
    for (let tryNumber = 0; ; tryNumber++) {
      try {
        await work();
        return;
      } catch (error) {
        const delay = retryDelaysMs[tryNumber];
        if (delay === undefined) {
          log.error({ job: name, err: error }, "background job gave up");
          return;
        }
        await sleep(delay);
      }
    }
  }

  return {
    run(name: string, work: () => Promise<void>) {
      const job = attempt(name, work).finally(() => running.delete(job));
      running.add(job);
    },
    /** Resolves when no job is running (for tests and graceful shutdown). */
    async idle() {
      while (running.size) await Promise.all(running);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
