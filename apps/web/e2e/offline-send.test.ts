import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { assistantMessages, composer, send, userMessages, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest({ offline: true });

describe("sending while the browser is offline", () => {
  it("says so, keeps the message as the draft, and sends it by itself on reconnect", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "Hello while online");

    await context.setOffline(true);
    const note = page.getByTestId("offline-note");
    await note.getByText("You're offline").waitFor();
    await composer(page).fill("Queued while offline");
    await composer(page).press("Enter");
    await note.getByText("this message will be sent when you're back online").waitFor();
    // Not handed over: still the draft, nothing new in the conversation.
    expect(await composer(page).inputValue()).toBe("Queued while offline");
    expect(await userMessages(page).count()).toBe(1);

    await context.setOffline(false);
    await expect.poll(() => userMessages(page).count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => assistantMessages(page).count(), { timeout: 15_000 }).toBe(2);
    await waitForReply(page);
    expect(await userMessages(page).last().textContent()).toContain("Queued while offline");
    expect(await composer(page).inputValue()).toBe("");
    await note.waitFor({ state: "detached" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("keeps a queued message as the draft when the reader leaves and comes back while offline", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "Start");
    const conversation = page.url();
    await context.setOffline(true);
    await composer(page).fill("Do not lose me");
    await composer(page).press("Enter");
    await page.getByText("this message will be sent when you're back online").waitFor();

    // Elsewhere in the app and back (no network needed): the text is still the draft.
    await page.getByRole("button", { name: "New chat" }).click();
    await expect.poll(() => page.url()).not.toBe(conversation);
    await page.goBack();
    await expect.poll(() => composer(page).inputValue()).toBe("Do not lose me");
    expect(await userMessages(page).count()).toBe(1);
    await context.close();
  });
});
