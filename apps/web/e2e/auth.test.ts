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

  it("refreshes an expired access token and keeps a typed draft through an expired session", async () => {
    const user = await createUser(app.server.url);
    const expired = { ...user, accessTokenExpiresAt: Date.now() - 1_000, accessToken: "expired.token.value" };
    const { page, context } = await openApp(app.browser, app.server.url, { user: expired, path: "/c/new" });
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    const storedSession = () => page.evaluate(() => JSON.parse(localStorage.getItem("parley.session") ?? "null") as { refreshToken: string } | null);
    // The first API call finds the access token expired and refreshes it (rotating the refresh token).
    await expect.poll(async () => (await storedSession())?.refreshToken).not.toBe(user.refreshToken);
    const stored = await storedSession();

    await page.getByRole("textbox", { name: "Message" }).fill("A thought I do not want to lose");
    // The refresh token is revoked elsewhere: the session ends, the draft stays.
    await user.api.auth.signOut.mutate({ refreshToken: stored?.refreshToken ?? "" });
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem("parley.session") ?? "{}") as Record<string, unknown>;
      localStorage.setItem("parley.session", JSON.stringify({ ...session, accessTokenExpiresAt: Date.now() - 1_000 }));
    });
    await page.reload();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Message" }).inputValue()).toBe("A thought I do not want to lose");
    await context.close();
  });
});
