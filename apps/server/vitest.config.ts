import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

export default defineProject({
  ...workspaceSource,
  test: {
    name: "server",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
