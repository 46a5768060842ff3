import { readFile } from "node:fs/promises";

/** A field of /proc/<pid>/status in MB (Linux reports kB). */
async function statusMb(pid: number, field: "VmRSS" | "VmHWM") {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
  if (!kb) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kb) / 1024;
}

/**
 * A process's resident memory from now on: its size at the start and its peak, the kernel's
 * high-water mark (VmHWM), so no spike between samples is missed and the process is not asked
 * (a server busy with a batch would answer late). The high-water mark counts from the process's
 * start, so a peak while it started would count as growth: the figure errs high, never low.
 */
export async function watchRss(pid: number) {
  const startMb = await statusMb(pid, "VmRSS");
  return {
    async stop() {
      const peakMb = Math.max(startMb, await statusMb(pid, "VmHWM"));
      return { startMb, peakMb, growthMb: peakMb - startMb };
    },
  };
}
