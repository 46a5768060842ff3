// Runs every benchmark in src/benchmarks/, one after another, and exits non-zero when a target
// is missed, so the command can gate a change.
import { readdir } from "node:fs/promises";
import type { Benchmark } from "./benchmark.js";

const folder = new URL("./benchmarks/", import.meta.url);
const only = process.argv[2];

const files = (await readdir(folder)).filter((file) => file.endsWith(".ts") && (!only || file.includes(only))).sort();
let failed = 0;
for (const file of files) {
  const { benchmark } = (await import(new URL(file, folder).href)) as { benchmark: Benchmark };
  console.log(`\n## ${benchmark.name} (${file})\n`);
  const { passed } = await benchmark.run();
  if (!passed) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) missed a target` : "\nall targets met");
process.exitCode = failed ? 1 : 0;
