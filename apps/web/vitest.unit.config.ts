import { defineProject } from "vitest/config";

// The web app's pure code (the conversation reducer, link filtering), in Node: no DOM needed.
export default defineProject({
  test: { name: "web", include: ["src/**/*.test.ts"] },
});
