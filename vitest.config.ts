import { defineConfig } from "vitest/config";

// One run over every package and app, so the suite reports one total; the JSON report is what
// .ci/run reads for its "N passed, M failed" line.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "apps/web/vitest.unit.config.ts"],
    reporters: ["default", ["json", { outputFile: "test-artifacts/vitest-results.json" }]],
  },
});
