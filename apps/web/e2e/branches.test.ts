import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, send, userMessages, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("branches in the browser", () => {
  it("regenerates a reply, switches between its versions, edits a question, and a reload shows the same branch", async () => {
    const user = await createUser(app.server.url);
    let answers = 0;
    app.server.assistant.onChat((_request, userText) => `Answer ${++answers} to ${userText}`);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "First question");
    await page.getByText("Answer 1 to First question").waitFor();

    const reply = assistantMessages(page).last();
    await reply.hover();
    await reply.getByRole("button", { name: "Regenerate reply" }).click();
    await page.getByText("Answer 2 to First question").waitFor();
    await waitForReply(page);
    await expect.poll(() => assistantMessages(page).last().getByTestId("version-position").textContent()).toBe("2/2");
    expect(await assistantMessages(page).count()).toBe(1);
    await screenshot(page, "desktop-regenerated-reply");

    // By keyboard: the switcher's buttons are focusable and labelled.
    const previous = assistantMessages(page).last().getByRole("button", { name: "Previous version" });
    await previous.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Answer 1 to First question").waitFor();
    await expect.poll(() => assistantMessages(page).last().getByTestId("version-position").textContent()).toBe("1/2");

    await send(page, "Second question");
    const second = userMessages(page).last();
    await second.hover();
    await second.getByRole("button", { name: "Edit message" }).click();
    await page.getByRole("textbox", { name: "Edit your message" }).fill("Second question, edited");
    await page.getByRole("button", { name: "Save and send" }).click();
    await page.getByText("Answer 4 to Second question, edited").waitFor();
    await waitForReply(page);
    expect(await page.getByText("Answer 3 to Second question").count()).toBe(0);
    await expect.poll(() => userMessages(page).last().getByTestId("version-position").textContent()).toBe("2/2");

    // The shown branch is stored on the conversation: a reload (or another device) shows it.
    await page.reload();
    await page.getByText("Answer 4 to Second question, edited").waitFor();
    await page.getByText("Answer 1 to First question").waitFor();
    expect(await userMessages(page).count()).toBe(2);
    await context.close();
  });
});
