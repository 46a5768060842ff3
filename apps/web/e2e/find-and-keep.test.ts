import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { conversationRows, pathOf } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

/** General conversations with these titles, each with one message, written straight to the database. */
async function conversations(userId: string, titles: string[]) {
  const ids: number[] = [];
  for (const [index, title] of titles.entries()) {
    const session = await app.server.prisma.chatSession.create({
      data: { userId, sessionTitle: title, titleSource: "user", isActive: false, activityAt: new Date(Date.now() - index * 60_000) },
    });
    ids.push(session.id);
  }
  return ids;
}

type Page = import("playwright-core").Page;
const rowTitles = (page: Page) => conversationRows(page).locator(".conv-title").allInnerTexts();

/** A row's actions show on hover (or focus), as a pointer user finds them. */
async function rowAction(page: Page, title: string, label: string) {
  await conversationRows(page).filter({ hasText: title }).hover();
  await page.getByRole("button", { name: `${label} “${title}”` }).click();
}

describe("search", () => {
  it("opens the conversation scrolled to the message a search found, highlighted (palette, keyboard only)", async () => {
    const user = await createUser(app.server.url);
    const session = await app.server.prisma.chatSession.create({
      data: { userId: user.user.id, sessionTitle: "Long talk", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.createMany({
      data: Array.from({ length: 80 }, (_, i) => ({
        sessionId: session.id,
        userId: user.user.id,
        role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
        content: i === 6 ? "The zebracorn breakout needs a tighter stop" : `Filler message ${i + 1}`,
      })),
    });
    const target = await app.server.prisma.chatMessage.findFirstOrThrow({
      where: { sessionId: session.id, content: { contains: "zebracorn" } },
    });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    // The shortcut listens once the app's frame is mounted; its Search button says it is.
    await page.getByRole("button", { name: /Search/ }).waitFor();
    await page.keyboard.press("Control+k");
    await page.getByRole("textbox", { name: "Search" }).fill("zebracorn");
    const item = page.getByTestId("palette-item").first();
    await item.locator("mark").getByText("zebracorn").waitFor();
    await screenshot(page, "desktop-search-palette");
    await page.keyboard.press("Enter");
    await expect.poll(() => pathOf(page)).toBe(`/c/${session.id}?message=${target.id}`);
    const found = page.locator(`[data-message-id="${target.id}"]`);
    await expect.poll(() => found.getAttribute("data-found")).toBe("true");
    await expect
      .poll(() =>
        found.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await screenshot(page, "desktop-search-landed");
    await context.close();
  });

  it("jumps to a model by name from the palette", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, name: "Quokka Momentum" });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("button", { name: /Search/ }).click();
    await page.getByRole("textbox", { name: "Search" }).fill("quokka");
    await page.getByTestId("palette-item").getByText("Quokka Momentum").waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${model.id}`));
    expect(await page.getByTestId("palette").count()).toBe(0);
    await context.close();
  });

  it("jumps to a run by name from the palette, by keyboard", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, name: "Palette runs model" });
    const run = await user.api.runs.create.mutate({ modelId: model.id, label: "Wombat breakout", kind: "paper", startingCapital: 5000 });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("button", { name: /Search/ }).waitFor();
    await page.keyboard.press("Control+k");
    await page.getByRole("textbox", { name: "Search" }).fill("wombat");
    const item = page.getByTestId("palette-item").filter({ hasText: "Wombat breakout" });
    await item.waitFor();
    expect(await item.innerText()).toContain("Run · Palette runs model");
    await page.keyboard.press("Enter");
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${model.id}/runs/${run.id}/chat`));
    await context.close();
  });

  it("narrows a search by where, archive state and tag, and shows more results on request", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, name: "Filter model" });
    const talk = (title: string, extra: { modelId?: number; archivedAt?: Date; tags?: string[] } = {}) =>
      app.server.prisma.chatSession.create({
        data: { userId: user.user.id, sessionTitle: title, titleSource: "user", isActive: false, ...extra },
      });
    for (let n = 1; n <= 9; n++) await talk(`Ocelot general ${n}`);
    await talk("Ocelot in the model", { modelId: model.id });
    await talk("Ocelot archived", { archivedAt: new Date(), tags: ["desk"] });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await page.getByRole("button", { name: /Search/ }).click();
    await page.getByRole("textbox", { name: "Search" }).fill("ocelot");
    const labels = () => page.getByTestId("palette-item").locator(".palette-label").allInnerTexts();
    await expect.poll(async () => (await labels()).length).toBe(8);
    await page.getByRole("button", { name: "More results" }).click();
    await expect.poll(async () => (await labels()).length).toBe(11);
    expect(await page.getByRole("button", { name: "More results" }).count()).toBe(0);

    await page.getByRole("combobox", { name: "Where" }).selectOption({ label: "Model: Filter model" });
    await expect.poll(labels).toEqual(["Ocelot in the model"]);
    await page.getByRole("combobox", { name: "Where" }).selectOption({ label: "Everywhere" });
    await page.getByRole("combobox", { name: "Archived" }).selectOption({ label: "Archived only" });
    await expect.poll(labels).toEqual(["Ocelot archived"]);
    await page.getByRole("combobox", { name: "Archived" }).selectOption({ label: "Without archived" });
    await expect.poll(async () => (await labels()).includes("Ocelot archived")).toBe(false);
    await page.getByRole("combobox", { name: "Archived" }).selectOption({ label: "With archived" });
    await page.getByRole("textbox", { name: "Tag" }).fill("#desk");
    await expect.poll(labels).toEqual(["Ocelot archived"]);
    await page.getByRole("combobox", { name: "When" }).selectOption({ label: "Past week" });
    await expect.poll(labels).toEqual(["Ocelot archived"]);
    await screenshot(page, "desktop-search-filters");
    await page.keyboard.press("Escape");
    expect(await page.getByTestId("palette").count()).toBe(0);
    await context.close();
  });
});

describe("keeping conversations", () => {
  it("pins first, archives out of the list and back, tags and filters by a tag", async () => {
    const user = await createUser(app.server.url);
    await conversations(user.user.id, ["Alpha", "Bravo", "Charlie"]);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await expect.poll(() => rowTitles(page)).toEqual(["Alpha", "Bravo", "Charlie"]);
    await rowAction(page, "Charlie", "Pin");
    await expect.poll(() => rowTitles(page)).toEqual(["📌 Charlie", "Alpha", "Bravo"]);
    await rowAction(page, "Alpha", "Archive");
    await expect.poll(() => rowTitles(page)).toEqual(["📌 Charlie", "Bravo"]);
    await page.getByRole("button", { name: "Archived" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["Alpha"]);
    await rowAction(page, "Alpha", "Restore");
    await expect.poll(() => rowTitles(page)).toEqual([]);
    await page.getByRole("button", { name: "← Conversations" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["📌 Charlie", "Alpha", "Bravo"]);
    await page.getByRole("checkbox", { name: "Select “Bravo”" }).click();
    await page.getByRole("textbox", { name: "Tag to add" }).fill("risk");
    await page.getByRole("button", { name: "Tag", exact: true }).click();
    await page.getByRole("button", { name: "#risk" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["Bravo"]);
    await screenshot(page, "desktop-tag-filter");
    await context.close();
  });

  it("bulk-deletes a shift-clicked range in one go, and Undo brings every one back", async () => {
    const user = await createUser(app.server.url);
    const ids = await conversations(user.user.id, ["One", "Two", "Three", "Four"]);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await expect.poll(() => rowTitles(page)).toEqual(["One", "Two", "Three", "Four"]);
    await page.getByRole("checkbox", { name: "Select “One”" }).click();
    await page.getByRole("checkbox", { name: "Select “Three”" }).click({ modifiers: ["Shift"] });
    await page.getByTestId("bulk-bar").getByText("3 selected").waitFor();
    await page.getByTestId("bulk-bar").getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["Four"]);
    const toast = page.getByTestId("undo-toast");
    await toast.getByText("Deleted 3 conversations").waitFor();
    await screenshot(page, "desktop-undo-toast");
    // Another tab sees the delete too.
    const other = await context.newPage();
    await other.goto(`${app.server.url}/c/new`);
    await expect.poll(() => rowTitles(other)).toEqual(["Four"]);
    await toast.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["One", "Two", "Three", "Four"]);
    await expect.poll(() => rowTitles(other)).toEqual(["One", "Two", "Three", "Four"]);
    expect(await app.server.prisma.chatSession.count({ where: { id: { in: ids }, deletedAt: null } })).toBe(4);
    await context.close();
  });

  it("selects all in view, archives them in one go, counts the Undo down, and Undo brings them back", async () => {
    const user = await createUser(app.server.url);
    const ids = await conversations(user.user.id, ["Red", "Green", "Blue"]);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await expect.poll(() => rowTitles(page)).toEqual(["Red", "Green", "Blue"]);
    await page.getByRole("checkbox", { name: "Select “Green”" }).click();
    const bar = page.getByTestId("bulk-bar");
    await bar.getByRole("button", { name: "Select all 3" }).click();
    await bar.getByText("3 selected").waitFor();
    await bar.getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => rowTitles(page)).toEqual([]);
    const toast = page.getByTestId("undo-toast");
    await toast.getByText("Archived 3 conversations").waitFor();
    // The seconds left follow the server's window, counting down.
    const seconds = async () => Number(/\d+/.exec(await toast.getByTestId("undo-seconds").innerText())?.[0]);
    const first = await seconds();
    expect(first).toBeGreaterThanOrEqual(8);
    expect(first).toBeLessThanOrEqual(10);
    await expect.poll(seconds).toBeLessThan(first);
    expect(await app.server.prisma.chatSession.count({ where: { id: { in: ids }, archivedAt: { not: null } } })).toBe(3);
    await toast.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => rowTitles(page)).toEqual(["Red", "Green", "Blue"]);
    expect(await app.server.prisma.chatSession.count({ where: { id: { in: ids }, archivedAt: null } })).toBe(3);
    await context.close();
  });
});
