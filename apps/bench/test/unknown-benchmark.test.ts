import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The bench package's own script, as `pnpm bench NAME` runs it after generating the Prisma client. */
function bench(name: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile("pnpm", ["--silent", "--filter", "@parley/bench", "bench", name], { cwd: repoRoot }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe("pnpm bench with a name that matches no benchmark", () => {
  it("exits 2 and names the benchmarks there are, measuring nothing", async () => {
    const { code, stdout, stderr } = await bench("no-such-benchmark");
    expect(code).toBe(2);
    expect(stderr).toContain(
      'No benchmark matches "no-such-benchmark". Benchmarks: conversation-api, ingest, live-run, paced, run-tools-across, run-tools, run-trades, scale-out, search, streaming, web',
    );
    expect(stdout).not.toContain("all targets met");
    expect(stdout).not.toContain("##");
  });
});
