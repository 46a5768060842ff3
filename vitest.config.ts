import { defineConfig } from "vitest/config";
import { workspaceSource } from "./vitest.source.config.js";

// One run over every package and app, so the suite reports one total; the JSON report is what
// .ci/run reads for its "N passed, M failed" line.
// Global setups are loaded by the root's resolver, so it takes the source condition as well.
export default defineConfig({
  ...workspaceSource,
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "apps/web/vitest.unit.config.ts"],
    reporters: ["default", ["json", { outputFile: "test-artifacts/vitest-results.json" }]],
  },
});
