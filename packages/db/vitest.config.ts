import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

export default defineProject({
  ...workspaceSource,
  test: { name: "db", testTimeout: 30_000, hookTimeout: 60_000 },
});
