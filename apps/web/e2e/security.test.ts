import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, conversationRows, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

const PAYLOADS = [
  "<img src=x onerror=\"window.__pwned='img'\">",
  "<script>window.__pwned='script'</script>",
  "<svg onload=\"window.__pwned='svg'\"></svg>",
  "[click me](javascript:window.__pwned='link')",
  "[mixed case](JaVaScRiPt:window.__pwned='case')",
  "[entity](&#106;avascript:window.__pwned='entity')",
  "<a href=\"javascript:window.__pwned='anchor'\">anchor</a>",
  "![pixel](javascript:window.__pwned='image')",
  "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
  "[a safe link](https://example.com/docs)",
].join("\n\n");

async function expectInert(page: Page, problems: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
  expect(await page.locator("main img, main script, main svg[onload], main iframe").count()).toBe(0);
  const hrefs = await page.locator(".markdown a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs).toEqual(["https://example.com/docs"]);
  expect(problems).toEqual([]);
}

describe("untrusted text is shown, never run", () => {
  it("in a reply, a generated title and a model's custom rules", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({
      ...scalperConfig,
      customRules: "<img src=x onerror=\"window.__pwned='rules'\"> <script>window.__pwned='rules2'</script>",
    });
    app.server.assistant.onChat(() => PAYLOADS);
    app.server.assistant.onTitle(() => "<img src=x onerror=\"window.__pwned='title'\">");
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "Show me something dangerous");
    const reply = assistantMessages(page).last();
    await reply.getByText("<script>window.__pwned='script'</script>").waitFor();
    await reply.getByRole("link", { name: "a safe link" }).waitFor();
    await reply.getByText("click me").click();
    await reply.getByText("anchor").first().click();
    await expect.poll(() => conversationRows(page).first().textContent()).toContain("<img src=x");
    await expect.poll(() => page.getByTestId("chat-title").textContent()).toContain("onerror");
    await page.getByRole("button", { name: "Model details" }).click();
    await page.getByTestId("details-panel").getByText("<script>window.__pwned='rules2'</script>", { exact: false }).waitFor();
    await screenshot(page, "desktop-xss-inert");
    await expectInert(page, problems);
    expect(await page.locator("aside img").count()).toBe(0);
    await context.close();
  });
});
