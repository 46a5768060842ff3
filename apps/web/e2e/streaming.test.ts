import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, composer, conversationRows, pathOf, send, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

const LONG_REPLY = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(" ");
const TALL_REPLY = Array.from({ length: 100 }, (_, i) => `Paragraph ${i + 1} of a reply that keeps on growing.`).join("\n\n");

/** How far the message list is scrolled, and how far its end is below what is shown. */
function scrollPosition(page: Page) {
  return page
    .getByTestId("message-scroller")
    .evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, belowView: el.scrollHeight - el.scrollTop - el.clientHeight }));
}

describe("streaming", () => {
  it("a reload in the middle of a reply resumes it and ends with the whole text", async () => {
    const user = await createUser(app.server.url);
    app.server.assistant.onChat(() => ({ kind: "text", text: LONG_REPLY, chunkSize: 8, delayMs: 40 }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await composer(page).fill("Tell me a long story");
    await composer(page).press("Enter");
    await expect.poll(() => pathOf(page)).toMatch(/^\/c\/\d+$/);
    await page.getByText("Sentence 3 of").waitFor();
    await page.getByRole("button", { name: "Stop reply" }).waitFor();
    await page.reload();
    await page.getByText("Sentence 60 of a long answer.").waitFor({ timeout: 30_000 });
    await waitForReply(page);
    expect((await assistantMessages(page).last().locator(".reply-text").textContent())?.trim()).toBe(LONG_REPLY);
    await context.close();
  });

  it("Esc stops a reply; a failed reply shows its error and Retry writes it again", async () => {
    const user = await createUser(app.server.url);
    app.server.assistant.onChat(() => ({ kind: "text", text: LONG_REPLY, chunkSize: 4, delayMs: 60 }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await composer(page).fill("Start talking");
    await composer(page).press("Enter");
    await page.getByText("Sentence 2 of").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => assistantMessages(page).last().getAttribute("data-status")).toBe("stopped");
    await page.getByText("Stopped").waitFor();

    app.server.assistant.onChat(() => ({ kind: "error", status: 400, message: "The model refused this request" }));
    await send(page, "This one fails");
    expect(await assistantMessages(page).last().getAttribute("data-status")).toBe("failed");
    await page.getByRole("alert").filter({ hasText: "refused" }).waitFor();
    await screenshot(page, "desktop-failed-reply");
    app.server.assistant.onChat(() => "Second time lucky.");
    await assistantMessages(page).last().getByRole("button", { name: "Retry" }).click();
    await page.getByText("Second time lucky.").waitFor();
    await expect.poll(() => assistantMessages(page).last().getAttribute("data-status")).toBe("complete");
    await context.close();
  });

  it("follows a reply as it grows, stops following when the reader scrolls up, and Latest resumes", async () => {
    const user = await createUser(app.server.url);
    app.server.assistant.onChat(() => ({ kind: "text", text: TALL_REPLY, chunkSize: 16, delayMs: 30 }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await composer(page).fill("Write a lot");
    await composer(page).press("Enter");
    await page.getByText("Paragraph 30 of").waitFor();
    const following = await scrollPosition(page);
    expect(following.top).toBeGreaterThan(0);
    expect(following.belowView).toBeLessThan(80);
    await page.getByText("Paragraph 40 of").waitFor();
    expect((await scrollPosition(page)).belowView).toBeLessThan(80);

    await page.getByTestId("message-scroller").hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => (await scrollPosition(page)).belowView).toBeGreaterThan(400);
    const scrolledUp = await scrollPosition(page);
    await page.getByText("Paragraph 60 of").waitFor();
    const later = await scrollPosition(page);
    expect(later.height).toBeGreaterThan(scrolledUp.height + 300);
    expect(later.top).toBe(scrolledUp.top);
    expect(await assistantMessages(page).last().getAttribute("data-status")).toBe("streaming");

    await page.getByRole("button", { name: "Latest" }).click();
    await page.getByText("Paragraph 80 of").waitFor();
    expect((await scrollPosition(page)).belowView).toBeLessThan(80);
    await waitForReply(page);
    await expect.poll(async () => (await scrollPosition(page)).belowView).toBeLessThan(80);
    expect(await page.getByRole("button", { name: "Latest" }).count()).toBe(0);
    await context.close();
  });

  it("a code block in a reply copies its code", async () => {
    const user = await createUser(app.server.url);
    const code = "SELECT symbol, sum(realized_pnl)\n  FROM trades\n GROUP BY symbol;";
    app.server.assistant.onChat(() => `Here is the query:\n\n\`\`\`sql\n${code}\n\`\`\`\n\nRun it as is.`);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
    await send(page, "Give me a query");
    const reply = assistantMessages(page).last();
    await reply.getByText("sql", { exact: true }).waitFor();
    await reply.getByRole("button", { name: "Copy code" }).click();
    await reply.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    // The confirmation goes away by itself.
    await reply.getByRole("button", { name: "Copy code" }).waitFor({ timeout: 5_000 });
    await context.close();
  });

  it("keeps one WebSocket and one stream subscription while switching conversations", async () => {
    const user = await createUser(app.server.url);
    const ids: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const sent = await user.api.chat.send.mutate({
        target: { context: { kind: "general" }, idempotencyKey: `ws-${n}-${Date.now()}` },
        content: `Socket test ${n}`,
      });
      ids.push(sent.session.id);
    }
    const { page, context, sockets } = await openApp(app.browser, app.server.url, { user, path: `/c/${ids[0]}` });
    await expect.poll(() => conversationRows(page).count()).toBe(4);
    for (const id of [...ids, ...ids]) {
      await page.locator(`[data-session-id="${id}"] .conv-open`).click();
      await expect.poll(() => pathOf(page)).toBe(`/c/${id}`);
      await page.getByText(`Socket test ${ids.indexOf(id) + 1}`, { exact: true }).waitFor();
    }
    expect(sockets.opened()).toBe(1);
    expect(sockets.open()).toBe(1);
    await expect.poll(() => sockets.liveSubscriptions("chat.stream")).toBe(1);
    await context.close();
  });
});
