import { summarize, type Summary } from "./stats.js";

export interface MeasureOptions {
  warmup: number;
  iterations: number;
}

/** Times `call` one at a time (no overlap), after `warmup` untimed calls. */
export async function measure(call: () => Promise<unknown>, options: MeasureOptions): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const start = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(samples);
}
