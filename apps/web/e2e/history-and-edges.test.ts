import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { composer, pathOf, send, userMessages } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

/** A model conversation of `count` messages written straight to the database, with a summary. */
async function longConversation(count: number) {
  const user = await createUser(app.server.url);
  const model = await user.api.models.create.mutate(scalperConfig);
  const session = await app.server.prisma.chatSession.create({
    data: { userId: user.user.id, modelId: model.id, sessionTitle: "A long discussion", titleSource: "user" },
  });
  await app.server.prisma.chatMessage.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      sessionId: session.id,
      userId: user.user.id,
      role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: i % 2 === 0 ? `Question number ${i + 1}` : `Answer number ${i + 1}`,
    })),
  });
  const last = await app.server.prisma.chatMessage.findFirstOrThrow({
    where: { sessionId: session.id },
    orderBy: { id: "desc" },
    skip: 20,
  });
  await app.server.prisma.chatSession.update({
    where: { id: session.id },
    data: {
      conversationSummary: "Earlier, the trader set a 2% risk limit and asked about position sizing.",
      summaryThroughMessageId: last.id,
    },
  });
  return { user, model, session };
}

describe("long conversations", () => {
  it("shows the summary card, the latest page, and scrolls back to the first message", async () => {
    const { user, model, session } = await longConversation(64);
    const started = Date.now();
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/c/${session.id}` });
    await page.getByText("Answer number 64").waitFor();
    expect(Date.now() - started).toBeLessThan(5_000);
    const card = page.getByTestId("summary-card");
    await card.getByText("Summary of earlier messages").waitFor();
    await card.getByText("2% risk limit").waitFor();
    expect(await userMessages(page).count()).toBe(15);
    await screenshot(page, "desktop-long-conversation");

    await page.getByRole("button", { name: "Load older messages" }).click();
    await expect.poll(() => userMessages(page).count()).toBe(30);
    await page.getByRole("button", { name: "Load older messages" }).click();
    await expect.poll(() => userMessages(page).count()).toBe(32);
    await page.getByText("Question number 1", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Load older messages" }).count()).toBe(0);

    await send(page, "And now a new question");
    expect(await userMessages(page).count()).toBe(33);
    await context.close();
  });
});

describe("the conversation list", () => {
  it("loads more conversations as the sidebar scrolls", async () => {
    const user = await createUser(app.server.url);
    const base = Date.now() - 3_600_000;
    await app.server.prisma.chatSession.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        userId: user.user.id,
        sessionTitle: `Old chat ${i + 1}`,
        isActive: false,
        activityAt: new Date(base + i * 1_000),
        createdAt: new Date(base + i * 1_000),
      })),
    });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await expect.poll(() => page.getByTestId("conversation-row").count()).toBe(30);
    await page.getByTestId("conversation-row").last().scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId("conversation-row").count()).toBe(45);
    await page.getByText("Old chat 1", { exact: true }).waitFor();
    await context.close();
  });

  it("Shift+Enter starts a new line, Enter sends", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await composer(page).click();
    await page.keyboard.type("first line");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("second line");
    expect(await composer(page).inputValue()).toBe("first line\nsecond line");
    expect(await userMessages(page).count()).toBe(0);
    await page.keyboard.press("Enter");
    await userMessages(page).first().waitFor();
    expect(await userMessages(page).first().locator(".bubble").textContent()).toBe("first line\nsecond line");
    await context.close();
  });
});

describe("opening the app", () => {
  it("/ opens the active general conversation, even a resumed one older than twenty others", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "The conversation to come back to");
    const resumed = pathOf(page);
    await page.goto(app.server.url + "/");
    await expect.poll(() => pathOf(page)).toBe(resumed);
    // Whatever the opened page asks of the server lands before the API makes another active.
    await userMessages(page).getByText("The conversation to come back to").waitFor();
    await page.waitForLoadState("networkidle");

    // A newer active conversation, then twenty-one newer than both: the first is far down the list.
    const newer = (
      await user.api.chat.send.mutate({
        target: { context: { kind: "general" }, idempotencyKey: `newer-${Date.now()}` },
        content: "A newer conversation",
      })
    ).session;
    const later = Date.now() + 60_000;
    await app.server.prisma.chatSession.createMany({
      data: Array.from({ length: 21 }, (_, i) => ({
        userId: user.user.id,
        sessionTitle: `Newer chat ${i + 1}`,
        isActive: false,
        activityAt: new Date(later + i * 1_000),
      })),
    });
    await page.goto(app.server.url + "/");
    await expect.poll(() => pathOf(page)).toBe(`/c/${newer.id}`);

    await user.api.sessions.resume.mutate({ sessionId: Number(resumed.split("/").at(-1)) });
    await page.goto(app.server.url + "/");
    await expect.poll(() => pathOf(page)).toBe(resumed);
    await userMessages(page).getByText("The conversation to come back to").waitFor();
    await context.close();
  });

  it("the first message moves /c/new to /c/:id without reloading the page", async () => {
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/" });
    await expect.poll(() => pathOf(page)).toBe("/c/new");
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await send(page, "Start a conversation");
    await expect.poll(() => pathOf(page)).toMatch(/^\/c\/\d+$/);
    expect(await page.evaluate(() => "__sameDocument" in window)).toBe(true);
    await context.close();
  });
});

describe("deleted models", () => {
  it("keeps their conversations readable, read-only, under a banner", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const sent = await user.api.chat.send.mutate({
      target: { context: { kind: "model", modelId: model.id }, idempotencyKey: `del-${Date.now()}` },
      content: "Before the model was deleted",
    });
    await user.api.models.delete.mutate({ modelId: model.id });
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/c/${sent.session.id}` });
    await page.getByTestId("model-deleted-banner").waitFor();
    await userMessages(page).getByText("Before the model was deleted").waitFor();
    expect(await composer(page).isDisabled()).toBe(true);
    await screenshot(page, "desktop-deleted-model");
    await page.goto(`${app.server.url}/m/${model.id}/new`);
    await page.getByTestId("model-deleted-banner").waitFor();
    expect(await composer(page).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    const refused = await user.api.chat.send
      .mutate({ target: { sessionId: sent.session.id }, content: "After" })
      .catch((error: { data?: { appCode?: string } }) => error.data?.appCode);
    expect(refused).toBe("MODEL_DELETED");
    await context.close();
  });
});

describe("not found", () => {
  it("shows a friendly page for unknown and other people's ids", async () => {
    const owner = await createUser(app.server.url);
    const model = await owner.api.models.create.mutate(scalperConfig);
    const theirs = await owner.api.chat.send.mutate({
      target: { context: { kind: "general" }, idempotencyKey: `nf-${Date.now()}` },
      content: "Private",
    });
    const user = await createUser(app.server.url);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/c/${theirs.session.id}` });
    for (const path of [
      `/c/${theirs.session.id}`,
      `/c/999999`,
      `/m/${model.id}/new`,
      `/m/${model.id}/c/${theirs.session.id}`,
      `/m/${model.id}/runs/1/chat`,
      "/c/abc",
      "/nowhere",
    ]) {
      await page.goto(app.server.url + path);
      await page.getByTestId("not-found").waitFor();
    }
    await screenshot(page, "desktop-not-found");
    expect(await page.getByText("Private").count()).toBe(0);
    await page.getByRole("link", { name: "Back to your conversations" }).click();
    await expect.poll(() => pathOf(page)).toBe("/c/new");
    await context.close();
  });
});
