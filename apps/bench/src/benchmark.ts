/** What every file in src/benchmarks/ exports. */
export interface Benchmark {
  name: string;
  /** Prints its own table; resolves to whether every target was met. */
  run(): Promise<{ passed: boolean }>;
}
