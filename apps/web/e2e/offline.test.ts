import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createUser } from "./support/accounts";
import { launchBrowser, openApp, screenshot } from "./support/browser";
import { send } from "./support/chat";
import { startAppServer, type AppServer } from "./support/server";

let server: AppServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ offline: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("without an AI provider", () => {
  it("labels the assistant as offline and still answers", async () => {
    const user = await createUser(server.url);
    const { page, context } = await openApp(browser, server.url, { user, path: "/c/new" });
    await page.getByTestId("offline-label").getByText("Offline assistant").waitFor();
    await screenshot(page, "desktop-general-new");
    await send(page, "Hello?");
    await context.close();
  });
});
