import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

export default defineProject({
  ...workspaceSource,
  test: {
    name: "cli",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
