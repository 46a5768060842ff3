import { createRun } from "@parley/db/testing";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, PHONE, screenshot } from "./support/browser";
import { conversationRows, pathOf, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("phones (390 × 844)", () => {
  it("puts the sidebar in a drawer and model details in a bottom sheet", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    await createRun(app.server.prisma, { id: model.id, userId: user.user.id });
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, viewport: PHONE, path: "/" });
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    const sidebar = page.getByTestId("sidebar");
    const offscreen = async () => ((await sidebar.boundingBox())?.x ?? 0) + ((await sidebar.boundingBox())?.width ?? 0) <= 1;
    await expect.poll(offscreen).toBe(true);
    await send(page, "Hello from my phone with a fairly long question that wraps");
    await screenshot(page, "mobile-general-conversation");

    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect.poll(async () => (await sidebar.boundingBox())?.x).toBe(0);
    await expect.poll(() => conversationRows(page).count()).toBe(1);
    await page.waitForTimeout(300);
    await screenshot(page, "mobile-drawer");
    await page.keyboard.press("Escape");
    await expect.poll(offscreen).toBe(true);

    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByTestId("model-nav-item").click();
    await expect.poll(() => pathOf(page)).toBe(`/m/${model.id}/new`);
    await expect.poll(offscreen).toBe(true);
    await page.getByRole("button", { name: "Model details" }).click();
    const sheet = page.getByRole("dialog", { name: "Model details" });
    await sheet.getByText("Custom rules", { exact: false }).first().waitFor();
    await expect
      .poll(async () => {
        const box = await sheet.boundingBox();
        return box ? Math.round(box.y + box.height) : 0;
      })
      .toBe(PHONE.height);
    expect((await sheet.boundingBox())?.width).toBe(PHONE.width);
    await page.waitForTimeout(300);
    await screenshot(page, "mobile-model-sheet");
    await page.getByRole("button", { name: "Close details" }).click();
    await expect.poll(() => sheet.count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("signs in on a phone", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { viewport: PHONE, path: "/" });
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await screenshot(page, "mobile-sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    await context.close();
  });
});
