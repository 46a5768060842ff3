import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { launchBrowser } from "./browser";
import { startAppServer, type AppServer } from "./server";

/**
 * What every browser test file runs against: the real server (with its scripted assistant,
 * reset before each test) and Debian's chromium, started before the file and stopped after.
 */
export function useAppUnderTest(options: Parameters<typeof startAppServer>[0] = {}) {
  const app = {} as { server: AppServer; browser: Browser };
  beforeAll(async () => {
    [app.server, app.browser] = await Promise.all([startAppServer(options), launchBrowser()]);
  });
  beforeEach(() => app.server.assistant.reset());
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}
