import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "client",
    testTimeout: 60_000,
    // The type tests (*.test-d.ts) are checked by tsc: inference and compile errors are the assertions.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
