import { defineConfig } from "vitest/config";

// One run over every package and app, so the suite reports one total.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts"],
  },
});
