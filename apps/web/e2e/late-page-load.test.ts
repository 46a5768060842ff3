import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp } from "./support/browser";
import { assistantMessages, send, userMessages } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();
const MESSAGES_LOAD = /\/trpc\/[^?]*sessions\.messages/;

/**
 * An account event (a rename, a generated title) reloads the open conversation's latest page.
 * Under load that answer can come back after a send made meanwhile and after the reload its
 * finished reply asked for: it must not take the new exchange off the screen.
 */
describe("a conversation page that arrives late", () => {
  it("does not remove a message sent, and answered, while it was on its way", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "First question");
    const sessionId = Number(new URL(page.url()).pathname.split("/").at(-1));

    // The next page load (the rename's) is answered by the server now, and delivered later.
    let deliverLate: (() => Promise<void>) | undefined;
    await page.route(MESSAGES_LOAD, async (route) => {
      if (deliverLate) return route.continue();
      const response = await route.fetch();
      deliverLate = () => route.fulfill({ response });
    });
    await user.api.sessions.rename.mutate({ sessionId, title: "Renamed elsewhere" });
    await expect.poll(() => deliverLate !== undefined).toBe(true);
    await send(page, "Second question");
    await expect.poll(() => userMessages(page).count()).toBe(2);

    await deliverLate?.();
    await page.unroute(MESSAGES_LOAD);
    // The late answer is handled in the page's next tasks: two frames on, it has been applied.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await userMessages(page).count()).toBe(2);
    expect(await assistantMessages(page).count()).toBe(2);
    await context.close();
  });
});
