import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("accounts", () => {
  it("signs up, stays signed in across a reload, signs out and back in", async () => {
    const { page, context, problems } = await openApp(app.browser, app.server.url);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await screenshot(page, "desktop-sign-in");
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByText("Enter a valid email address").isVisible()).toBe(true);

    await page.getByLabel("Your name").fill("Riley Quant");
    await page.getByLabel("Email").fill("riley@example.test");
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/c/new");

    await page.reload();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    await expect.poll(() => page.getByText("Riley Quant").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await page.getByLabel("Email").fill("riley@example.test");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Email or password is incorrect").waitFor();
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("keeps no token where page script can read it, stays signed in across a reload, and signs out", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();

    const readable = () =>
      page.evaluate(() => ({
        storage: JSON.stringify({ ...localStorage }),
        sessionStorage: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
      }));
    const [refresh] = await context.cookies();
    expect(refresh).toMatchObject({ name: "parley_refresh", path: "/auth/browser", httpOnly: true, sameSite: "Strict" });
    const seen = await readable();
    expect(seen.cookie).toBe("");
    for (const text of [seen.storage, seen.sessionStorage]) {
      expect(text).not.toMatch(/eyJ/); // no JWT (access token)
      expect(text).not.toContain(decodeURIComponent(refresh?.value ?? "missing"));
      expect(text).not.toMatch(/token/i);
    }

    await page.reload();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    expect((await readable()).cookie).toBe("");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(await context.cookies()).toEqual([]);
    await page.reload();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("refreshes in several tabs at once without tripping reuse detection, and signs every tab out", async () => {
    const user = await createUser(app.server.url);
    const first = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await first.page.getByRole("heading", { name: "How can I help?" }).waitFor();
    const tabs = [first.page, ...(await Promise.all([1, 2, 3].map(() => first.context.newPage())))];
    // Three tabs load at once, each refreshing with the same cookie.
    await Promise.all(tabs.slice(1).map((tab) => tab.goto(`${app.server.url}/c/new`)));
    for (const tab of tabs) await tab.getByRole("heading", { name: "How can I help?" }).waitFor();
    // Without the Web Lock the second refresh would present a rotated token and the API would
    // revoke every session of the user; a reload proves the cookie still works.
    await tabs[3]?.reload();
    await tabs[3]?.getByRole("heading", { name: "How can I help?" }).waitFor();

    await tabs[2]?.getByRole("button", { name: "Sign out" }).click();
    for (const tab of tabs) await tab.getByRole("heading", { name: "Welcome back" }).waitFor();
    await first.context.close();
  });

  it("stays signed in when a reload cuts off a refresh the server already answered", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    // The server rotates the token, but its response (and the new cookie) never reaches the page.
    let lost = 0;
    await page.route("**/auth/browser/refresh", async (route) => {
      if (lost++ > 0) return route.continue();
      // Sent from outside the browser, so the rotated cookie in its answer never lands.
      const [cookie] = await context.cookies();
      await fetch(route.request().url(), {
        method: "POST",
        headers: { origin: app.server.url, cookie: `${cookie?.name}=${cookie?.value}` },
      });
      await route.abort("connectionreset");
    });
    await page.reload();
    await expect.poll(() => lost).toBeGreaterThan(0);
    await page.reload();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    expect(await page.getByRole("heading", { name: "Welcome back" }).count()).toBe(0);
    expect(problems.filter((problem) => !problem.includes("auth/browser/refresh"))).toEqual([]);
    await context.close();
  });

  it("asks whether the cookie still signs it in while the app's bundle is still downloading, and only once", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    const refreshes: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/auth/browser/refresh")) refreshes.push(request.url());
    });
    // The bundle is held back: a refresh sent meanwhile cannot have come from the app's code.
    let releaseBundle: (() => Promise<void>) | undefined;
    await page.route(/\/assets\/index-[^/]*\.js$/, (route) => {
      releaseBundle = () => route.continue();
    });
    await page.reload({ waitUntil: "commit" });
    await expect.poll(() => refreshes.length).toBe(1);
    await expect.poll(() => releaseBundle !== undefined).toBe(true);
    await releaseBundle?.();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    expect(refreshes).toHaveLength(1);
    await context.close();
  });

  it("keeps a typed draft through a session revoked elsewhere", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    await page.getByRole("textbox", { name: "Message" }).fill("A thought I do not want to lose");
    // The page's refresh rotated the token; revoke the current one as another device would.
    const [refresh] = await context.cookies();
    await user.api.auth.signOut.mutate({ refreshToken: decodeURIComponent(refresh?.value ?? "") });
    await page.reload();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Message" }).inputValue()).toBe("A thought I do not want to lose");
    await context.close();
  });
});
