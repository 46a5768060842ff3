import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

// The web app's pure code (the conversation reducer, link filtering), in Node: no DOM needed.
export default defineProject({
  ...workspaceSource,
  test: { name: "web", include: ["src/**/*.test.ts"] },
});
