import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { assistantMessages, composer, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

const LONG_REPLY = Array.from({ length: 80 }, (_, i) => `Sentence ${i + 1} of a patient answer.`).join(" ");

describe("the connection state", () => {
  it("says Reconnecting… within 2 s of a server restart, shows the streaming reply waiting, and clears both on its own", async () => {
    const user = await createUser(app.server.url);
    app.server.assistant.onChat(() => ({ kind: "text", text: LONG_REPLY, chunkSize: 8, delayMs: 60 }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await composer(page).fill("Take your time");
    await composer(page).press("Enter");
    await page.getByText("Sentence 2 of").waitFor();

    const restarted = app.server.restart(4_000);
    const lost = Date.now();
    await page.getByTestId("connection-banner").getByText("Reconnecting…").waitFor({ timeout: 2_000 });
    expect(Date.now() - lost).toBeLessThan(2_000);
    await assistantMessages(page).last().getByText("Waiting for the connection").waitFor({ timeout: 2_000 });
    await restarted;

    await expect.poll(() => page.getByTestId("connection-banner").count(), { timeout: 20_000 }).toBe(0);
    await page.getByText("Sentence 80 of a patient answer.").waitFor({ timeout: 30_000 });
    await waitForReply(page);
    expect((await assistantMessages(page).last().locator(".reply-text").textContent())?.trim()).toBe(LONG_REPLY);
    expect(await page.getByText("Waiting for the connection").count()).toBe(0);
    await context.close();
  });
});
