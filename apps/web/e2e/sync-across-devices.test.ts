import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiClient, createUser, scalperConfig } from "./support/accounts";
import { openApp } from "./support/browser";
import { composer, conversationRows, pathOf, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

/**
 * How soon the other device must show a change. The product's aim is 1 s; the slack is for this
 * shared, loaded machine. Still far below anything polling could do: the conversation list's
 * fallback poll is 60 s (30 s before `sync.events`), the models list is never polled, and the
 * other device's window never regains focus here.
 */
const BOUND_MS = 3_000;

/** Milliseconds until `check` holds on the other device, failing past BOUND_MS. */
async function shownWithin(check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  await expect.poll(check, { timeout: BOUND_MS, interval: 25 }).toBe(true);
  return Math.round(performance.now() - start);
}

const row = (page: Page, sessionId: number) => conversationRows(page).and(page.locator(`[data-session-id="${sessionId}"]`));
const rowTitle = (page: Page, sessionId: number) => row(page, sessionId).locator(".conv-title").innerText();

describe("two devices of one user", () => {
  it("show each other's new, renamed and deleted conversations and edited models within moments, over the one WebSocket", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, name: "Laptop Model" });
    // A second sign-in: each device has its own refresh token, as two real devices would.
    const phoneSession = await apiClient(app.server.url).auth.signIn.mutate({ email: user.email, password: user.password });
    const laptop = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    const phone = await openApp(app.browser, app.server.url, { user: { ...user, ...phoneSession }, path: "/c/new" });
    await phone.page.getByTestId("model-nav-item").filter({ hasText: "Laptop Model" }).waitFor();
    await expect.poll(() => phone.sockets.liveSubscriptions("sync.events")).toBe(1);
    const figures: Record<string, number> = {};

    // Created on the laptop: the phone's list has it.
    await composer(laptop.page).fill("Plans for the open");
    await composer(laptop.page).press("Enter");
    await expect.poll(() => pathOf(laptop.page)).toMatch(/^\/c\/\d+$/);
    const sessionId = Number(pathOf(laptop.page).split("/").at(-1));
    figures.created = await shownWithin(async () => (await row(phone.page, sessionId).count()) === 1);
    await waitForReply(laptop.page);

    // Renamed on the laptop.
    const laptopRow = row(laptop.page, sessionId);
    await laptopRow.hover();
    await laptopRow.getByRole("button", { name: /^Rename/ }).click();
    await laptop.page.getByRole("textbox", { name: "Conversation title" }).fill("Renamed on the laptop");
    await laptop.page.getByRole("textbox", { name: "Conversation title" }).press("Enter");
    await expect.poll(() => rowTitle(laptop.page, sessionId)).toBe("Renamed on the laptop");
    figures.renamed = await shownWithin(async () => (await rowTitle(phone.page, sessionId)) === "Renamed on the laptop");

    // The phone opens it; the laptop deletes it: the phone's row goes and its open page says so.
    await row(phone.page, sessionId).getByRole("button").first().click();
    await expect.poll(() => pathOf(phone.page)).toBe(`/c/${sessionId}`);
    await phone.page.getByTestId("chat-title").getByText("Renamed on the laptop").waitFor();
    await laptopRow.hover();
    await laptopRow.getByRole("button", { name: /^Delete/ }).click();
    await expect.poll(() => row(laptop.page, sessionId).count()).toBe(0);
    figures.deleted = await shownWithin(async () => (await row(phone.page, sessionId).count()) === 0);
    await phone.page.getByTestId("conversation-deleted-banner").waitFor();

    // A model edited on the laptop: the phone's sidebar shows its new name.
    await laptop.page.goto(`${app.server.url}/models/${model.id}/edit`);
    await laptop.page.getByLabel("Name", { exact: true }).fill("Edited Model");
    await laptop.page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => pathOf(laptop.page)).toBe(`/m/${model.id}/new`);
    const edited = phone.page.getByTestId("model-nav-item").filter({ hasText: "Edited Model" });
    figures.modelEdited = await shownWithin(async () => (await edited.count()) === 1);

    // All of it over the one WebSocket the app already had.
    expect(phone.sockets.opened()).toBe(1);
    expect(laptop.problems.concat(phone.problems)).toEqual([]);
    console.log(`sync.events, laptop → phone (ms): ${JSON.stringify(figures)}`);
    await laptop.context.close();
    await phone.context.close();
  });
});
