import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { chatRoundsWith } from "./support/assistant";
import { openApp, screenshot } from "./support/browser";
import { send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("configuration versions in the conversation", () => {
  it("a model edit made elsewhere appears in the open conversation's timeline, and the assistant is told", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, allowShorting: true });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "Can this model short?");
    // Edited through the API, as another tab or client would: the open page finds out by itself.
    await user.api.models.update.mutate({ modelId: model.id, changes: { allowShorting: false } });
    const note = page.getByTestId("config-change");
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain("Configuration changed: v1 → v2 — short selling allowed → not allowed");
    await send(page, "And now?");
    await expect.poll(() => chatRoundsWith(app.server.openai.requests, "And now?").length).toBeGreaterThan(0);
    expect(JSON.stringify(chatRoundsWith(app.server.openai.requests, "And now?")[0]?.body)).toContain(
      "v1 → v2: short selling allowed → not allowed",
    );
    // The note sits between the two exchanges, and stays there after a reload.
    await page.reload();
    const timeline = page.getByRole("list", { name: "Messages" }).locator(":scope > li");
    await expect.poll(() => timeline.count()).toBe(5);
    expect(await timeline.nth(2).getAttribute("data-testid")).toBe("config-change");
    await page.getByRole("button", { name: "Model details" }).click();
    const history = page.getByTestId("model-history");
    await expect.poll(() => history.getByTestId("model-version").count()).toBe(2);
    expect(await history.getByTestId("model-version").first().textContent()).toContain("short selling");
    await screenshot(page, "desktop-config-change");
    await context.close();
  });
});
