import { defineProject } from "vitest/config";
import { workspaceSource } from "../../vitest.source.config.js";

// Browser tests: each file starts the real server (PostgreSQL, WebSockets, the scripted OpenAI
// endpoint) and drives Debian's Chromium. The web app is built once, by the global setup.
export default defineProject({
  ...workspaceSource,
  test: {
    name: "web-e2e",
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 10_000, interval: 100 } },
    // One browser at a time: these machines have two cores.
    fileParallelism: false,
  },
});
