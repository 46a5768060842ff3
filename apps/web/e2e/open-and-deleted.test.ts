import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { activeRowIds, composer, pathOf, send, userMessages } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("opening and losing a conversation", () => {
  it("the conversation opened by URL becomes the active one, its title the page's", async () => {
    const user = await createUser(app.server.url);
    const first = await user.api.sessions.startNew.mutate({ context: { kind: "general" } });
    await user.api.sessions.rename.mutate({ sessionId: first.id, title: "Older plans" });
    const second = await user.api.sessions.startNew.mutate({ context: { kind: "general" } });
    await user.api.sessions.rename.mutate({ sessionId: second.id, title: "Newer plans" });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/c/${first.id}` });
    await expect.poll(() => activeRowIds(page)).toEqual([String(first.id)]);
    await expect.poll(() => page.title()).toBe("Older plans · Parley");
    expect((await user.api.sessions.get.query({ sessionId: first.id })).isActive).toBe(true);
    expect(await page.getByTestId("active-marker").getAttribute("title")).toMatch(/active conversation of its context/);

    // Back and forward open conversations too.
    await page.goto(`${app.server.url}/c/${second.id}`);
    await expect.poll(() => activeRowIds(page)).toEqual([String(second.id)]);
    await page.goBack();
    await expect.poll(() => activeRowIds(page)).toEqual([String(first.id)]);
    await context.close();
  });

  it("an opening whose activation is cut off on the way still makes the conversation active", async () => {
    const user = await createUser(app.server.url);
    const older = await user.api.sessions.startNew.mutate({ context: { kind: "general" } });
    await user.api.sessions.startNew.mutate({ context: { kind: "general" } });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/" });
    let cutOff = 0;
    await page.route("**/trpc/sessions.resume*", (route) => (cutOff++ === 0 ? route.abort("connectionreset") : route.continue()));
    await page.goto(`${app.server.url}/c/${older.id}`);
    await expect.poll(() => activeRowIds(page)).toEqual([String(older.id)]);
    expect(cutOff).toBe(2);
    expect((await user.api.sessions.get.query({ sessionId: older.id })).isActive).toBe(true);
    await context.close();
  });

  it("sending into a conversation deleted elsewhere says so and sends it in a new one", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "Keep this question");
    const deletedPath = pathOf(page);
    const sessionId = Number(deletedPath.split("/").at(-1));
    await user.api.sessions.delete.mutate({ sessionId });
    // The open page learns it at once, and keeps what was on screen.
    await page.getByTestId("conversation-deleted-banner").waitFor();
    expect(await userMessages(page).filter({ hasText: "Keep this question" }).count()).toBe(1);

    await composer(page).fill("A question nobody should lose");
    await composer(page).press("Enter");
    // The banner says it too: this waits for the message's own failure.
    await page.getByTestId("message-scroller").getByText("This conversation was deleted").waitFor();
    expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
    await page.getByRole("button", { name: "Send it in a new conversation" }).click();
    await expect.poll(() => pathOf(page)).not.toBe(deletedPath);
    await page.getByText("You asked: A question nobody should lose").waitFor();
    expect(await userMessages(page).count()).toBe(1);
    await context.close();
  });
});
