import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

const background = (page: import("playwright-core").Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe("theme", () => {
  it("follows the system, keeps a chosen theme across reloads, and applies it before the app runs", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.emulateMedia({ colorScheme: "dark" });
    const theme = page.getByRole("combobox", { name: "Theme" });
    await theme.waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const dark = await background(page);

    // The system turning light is followed while the choice is "system".
    await page.emulateMedia({ colorScheme: "light" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    const light = await background(page);
    expect(light).not.toBe(dark);

    // An explicit dark choice wins over a light system.
    await theme.selectOption("dark");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    expect(await background(page)).toBe(dark);

    // Reloaded with the app's scripts blocked: the theme is already there, so there is no flash
    // of the light page before the app starts.
    await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await background(page)).toBe(dark);
    await page.unroute(/\/assets\/.*\.js$/);

    // Back to the system: light again, and the switch says so after a reload.
    await page.reload();
    await theme.selectOption("system");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    await page.reload();
    expect(await theme.inputValue()).toBe("system");
    expect(problems).toEqual([]);
    await context.close();
  });
});
