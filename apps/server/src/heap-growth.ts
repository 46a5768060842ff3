import { setFlagsFromString } from "node:v8";

/**
 * How far past the live heap V8 lets the old generation grow before its next full collection.
 * By default V8 picks the factor from the allocation rate, up to 4× live; a server whose
 * allocations last one request (a 5,000-fill batch is ~30 MB of objects gone by the reply) looks
 * like a fast-growing heap, and RSS climbed ~230 MB above the start in `pnpm bench ingest`, all
 * garbage. At 1.5× the same benchmark grows ~60 MB at the same speed. The heap still grows as
 * far as the live data needs: this is how often to collect, not a cap (no OOM risk a
 * --max-old-space-size would add).
 */
export const HEAP_GROWING_PERCENT = 50;

/** Applies HEAP_GROWING_PERCENT unless the process was started with its own --heap-growing-percent. */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
