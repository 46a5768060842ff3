import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

export default defineProject({
  ...workspaceSource,
  test: { name: "fill-files" },
});
