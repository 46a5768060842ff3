import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

export default defineProject({
  ...workspaceSource,
  test: {
    name: "client",
    testTimeout: 60_000,
    // The type tests (*.test-d.ts) are checked by tsc: inference and compile errors are the assertions.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
