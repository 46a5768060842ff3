// Runs every benchmark in src/benchmarks/, one after another, and exits non-zero when a target
// is missed, so the command can gate a change.
import { readdir } from "node:fs/promises";
import type { Benchmark } from "./benchmark.js";

const folder = new URL("./benchmarks/", import.meta.url);
const only = process.argv[2];

const all = (await readdir(folder)).filter((file) => file.endsWith(".ts")).sort();
const files = all.filter((file) => !only || file.includes(only));
if (files.length === 0) {
  // A typo must not pass as "all targets met" with nothing measured.
  const names = all.map((file) => file.replace(/\.ts$/, "")).join(", ");
  console.error(`No benchmark matches "${only ?? ""}". Benchmarks: ${names}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const { benchmark } = (await import(new URL(file, folder).href)) as { benchmark: Benchmark };
  console.log(`\n## ${benchmark.name} (${file})\n`);
  const { passed } = await benchmark.run();
  if (!passed) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) missed a target` : "\nall targets met");
process.exitCode = failed ? 1 : 0;
