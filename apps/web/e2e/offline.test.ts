import { describe, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest({ offline: true });

describe("without an AI provider", () => {
  it("labels the assistant as offline and still answers", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByTestId("offline-label").getByText("Offline assistant").waitFor();
    await screenshot(page, "desktop-general-new");
    await send(page, "Hello?");
    await context.close();
  });
});
