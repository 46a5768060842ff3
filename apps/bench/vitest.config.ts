import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

// The benchmarks themselves run with `pnpm bench`; these tests check the command's behaviour.
export default defineProject({
  ...workspaceSource,
  test: { name: "bench", include: ["test/**/*.test.ts"], testTimeout: 120_000 },
});
