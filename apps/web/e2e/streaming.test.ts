import { createRun } from "@parley/db/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { launchBrowser, openApp, screenshot } from "./support/browser";
import { assistantMessages, composer, conversationRows, pathOf, send, waitForReply } from "./support/chat";
import { startAppServer, type AppServer } from "./support/server";

let server: AppServer;
let browser: Browser;

// Run conversations get a small stand-in toolbox, so tool calls and their chips can be tested.
const runToolbox = (conversation: { run: unknown }) =>
  conversation.run
    ? {
        specs: [{ name: "get_run_summary", description: "Headline figures of the run", parameters: { type: "object", properties: {} } }],
        execute: async () => ({ ok: true, result: JSON.stringify({ fills: 10, netPnl: 812.5 }) }),
      }
    : null;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ toolboxFor: runToolbox }), launchBrowser()]);
});
beforeEach(() => server.assistant.reset());
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LONG_REPLY = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(" ");

describe("streaming", () => {
  it("a reload in the middle of a reply resumes it and ends with the whole text", async () => {
    const user = await createUser(server.url);
    server.assistant.onChat(() => ({ kind: "text", text: LONG_REPLY, chunkSize: 8, delayMs: 40 }));
    const { page, context } = await openApp(browser, server.url, { user, path: "/c/new" });
    await composer(page).fill("Tell me a long story");
    await composer(page).press("Enter");
    await expect.poll(() => pathOf(page)).toMatch(/^\/c\/\d+$/);
    await page.getByText("Sentence 3 of").waitFor();
    await page.getByRole("button", { name: "Stop reply" }).waitFor();
    await page.reload();
    await page.getByText("Sentence 60 of a long answer.").waitFor({ timeout: 30_000 });
    await waitForReply(page);
    expect((await assistantMessages(page).last().textContent())?.trim()).toBe(LONG_REPLY);
    await context.close();
  });

  it("Esc stops a reply; a failed reply shows its error and Retry writes it again", async () => {
    const user = await createUser(server.url);
    server.assistant.onChat(() => ({ kind: "text", text: LONG_REPLY, chunkSize: 4, delayMs: 60 }));
    const { page, context } = await openApp(browser, server.url, { user, path: "/c/new" });
    await composer(page).fill("Start talking");
    await composer(page).press("Enter");
    await page.getByText("Sentence 2 of").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => assistantMessages(page).last().getAttribute("data-status")).toBe("stopped");
    await page.getByText("Stopped").waitFor();

    server.assistant.onChat(() => ({ kind: "error", status: 400, message: "The model refused this request" }));
    await send(page, "This one fails");
    expect(await assistantMessages(page).last().getAttribute("data-status")).toBe("failed");
    await page.getByRole("alert").filter({ hasText: "refused" }).waitFor();
    await screenshot(page, "desktop-failed-reply");
    server.assistant.onChat(() => "Second time lucky.");
    await assistantMessages(page).last().getByRole("button", { name: "Retry" }).click();
    await page.getByText("Second time lucky.").waitFor();
    await expect.poll(() => assistantMessages(page).last().getAttribute("data-status")).toBe("complete");
    await context.close();
  });

  it("run conversations show the tools a reply used", async () => {
    const user = await createUser(server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const run = await createRun(server.prisma, { id: model.id, userId: user.user.id });
    server.assistant.onChat((request) =>
      request.body.messages.some((m) => m.role === "tool")
        ? "The run made **10 fills** for a net P&L of $812.50."
        : { kind: "tool-calls", toolCalls: [{ name: "get_run_summary", arguments: "{}" }] },
    );
    const { page, context } = await openApp(browser, server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await page.getByRole("heading", { name: "Analyse this run" }).waitFor();
    await send(page, "How did this run do?");
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${model.id}/runs/${run.id}/chat\\?c=\\d+$`));
    await expect.poll(() => page.getByTestId("tool-chip").textContent()).toContain("Get run summary");
    await page.getByText("10 fills").waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId("tool-chip").textContent()).toContain("Get run summary");
    await page.getByRole("button", { name: "Run details" }).click();
    await page.getByTestId("details-panel").getByText(`Run #${run.id}`).first().waitFor();
    await screenshot(page, "desktop-run-conversation");
    await context.close();
  });

  it("keeps one WebSocket and one stream subscription while switching conversations", async () => {
    const user = await createUser(server.url);
    const ids: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const sent = await user.api.chat.send.mutate({ target: { context: { kind: "general" }, idempotencyKey: `ws-${n}-${Date.now()}` }, content: `Socket test ${n}` });
      ids.push(sent.session.id);
    }
    const { page, context, sockets } = await openApp(browser, server.url, { user, path: `/c/${ids[0]}` });
    await expect.poll(() => conversationRows(page).count()).toBe(4);
    for (const id of [...ids, ...ids]) {
      await page.locator(`[data-session-id="${id}"] .conv-open`).click();
      await expect.poll(() => pathOf(page)).toBe(`/c/${id}`);
      await page.getByText(`Socket test ${ids.indexOf(id) + 1}`, { exact: true }).waitFor();
    }
    expect(sockets.opened()).toBe(1);
    expect(sockets.open()).toBe(1);
    await expect.poll(() => sockets.liveSubscriptions()).toBe(1);
    await context.close();
  });
});
