import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("share links", () => {
  it("shares a conversation, opens it signed out in a fresh browser context, revokes it, and the link is refused", async () => {
    const user = await createUser(app.server.url);
    const session = await app.server.prisma.chatSession.create({
      data: { userId: user.user.id, sessionTitle: "Breakout review", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.createMany({
      data: [
        { sessionId: session.id, userId: user.user.id, role: "user", content: "Was the breakout worth it?" },
        {
          sessionId: session.id,
          userId: user.user.id,
          role: "assistant",
          content: "Yes: **+2.4R** on the day.\n\n<script>window.pwned = true</script>",
        },
      ],
    });

    const owner = await openApp(app.browser, app.server.url, { user, path: `/c/${session.id}` });
    await owner.page.getByRole("button", { name: "Share conversation" }).click();
    await owner.page.getByRole("button", { name: "Create link" }).click();
    const link = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();
    expect(link).toMatch(new RegExp(`^${app.server.url}/s/[A-Za-z0-9_-]{43}$`));
    await screenshot(owner.page, "desktop-share-dialog");
    // A message after the share is not part of it.
    await app.server.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: user.user.id, role: "user", content: "A later private thought" },
    });

    const visitor = await openApp(app.browser, app.server.url, { path: new URL(link).pathname });
    await visitor.page.getByTestId("shared-title").getByText("Breakout review").waitFor();
    const texts = await visitor.page.getByTestId("shared-message").allInnerTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("+2.4R");
    expect(texts.join("\n")).not.toContain("later private thought");
    expect(await visitor.page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await visitor.page.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
    expect((await fetch(link)).headers.get("x-robots-tag")).toContain("noindex");
    expect(visitor.problems).toEqual([]);
    await screenshot(visitor.page, "desktop-shared-conversation");

    await owner.page.getByRole("button", { name: /^Revoke link/ }).click();
    await owner.page.getByTestId("share-item").getByText("Revoked").waitFor();
    await visitor.page.reload();
    await visitor.page.getByTestId("share-gone").waitFor();
    expect(await visitor.page.getByTestId("shared-message").count()).toBe(0);
    await screenshot(visitor.page, "desktop-share-revoked");

    await owner.context.close();
    await visitor.context.close();
  });

  it("shows the model's settings on the shared page only when the owner ticks them", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({
      ...scalperConfig,
      name: "Opening Range",
      customRules: "Flat by 3:55pm.\nNo new entries after 3pm.",
    });
    const session = await app.server.prisma.chatSession.create({
      data: { userId: user.user.id, modelId: model.id, sessionTitle: "Range review", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: user.user.id, role: "user", content: "Is the range too tight?" },
    });

    const owner = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/c/${session.id}` });
    await owner.page.getByRole("button", { name: "Share conversation" }).click();
    const tick = owner.page.getByRole("checkbox", { name: /Include the model's settings/ });
    expect(await tick.isChecked()).toBe(false);
    await owner.page.getByRole("button", { name: "Create link" }).click();
    const privateLink = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();
    await tick.check();
    await owner.page.getByRole("button", { name: "Create link" }).click();
    await owner.page.getByTestId("share-item").getByText("with the model's settings").waitFor();
    const settingsLink = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();
    expect(settingsLink).not.toBe(privateLink);

    const visitor = await openApp(app.browser, app.server.url, { path: new URL(settingsLink).pathname });
    const settings = visitor.page.getByTestId("shared-model-settings");
    await settings.getByText("Model settings · version 1").waitFor();
    expect(await settings.innerText()).toMatch(/Opening Range[\s\S]*Flat by 3:55pm\.\nNo new entries after 3pm\./);
    await screenshot(visitor.page, "desktop-shared-with-settings");

    await visitor.page.goto(privateLink);
    await visitor.page.getByTestId("shared-title").getByText("Range review").waitFor();
    expect(await visitor.page.getByTestId("shared-model-settings").count()).toBe(0);
    expect(await visitor.page.locator("body").innerText()).not.toContain("Opening Range");
    expect(visitor.problems).toEqual([]);

    await owner.context.close();
    await visitor.context.close();
  });

  it("keeps a link to signed-in readers: a signed-out visitor is asked to sign in and then reads it; a signed-in one reads it at once", async () => {
    const user = await createUser(app.server.url);
    const session = await app.server.prisma.chatSession.create({
      data: { userId: user.user.id, sessionTitle: "Desk notes", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: user.user.id, role: "user", content: "For the desk only" },
    });
    const owner = await openApp(app.browser, app.server.url, { user, path: `/c/${session.id}` });
    await owner.page.getByRole("button", { name: "Share conversation" }).click();
    await owner.page.getByRole("checkbox", { name: "Only people signed in to Parley can open it" }).check();
    await owner.page.getByText("Anyone signed in to Parley who has the link").waitFor();
    await owner.page.getByRole("button", { name: "Create link" }).click();
    await owner.page.getByTestId("share-item").getByText("signed-in readers only").waitFor();
    const link = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();

    const visitor = await openApp(app.browser, app.server.url, { path: new URL(link).pathname });
    const notice = visitor.page.getByTestId("share-sign-in");
    await notice.getByText(/^Sign in to read this conversation/).waitFor();
    expect(await visitor.page.locator("body").innerText()).not.toContain("For the desk only");
    await screenshot(visitor.page, "desktop-share-sign-in");
    const reader = await createUser(app.server.url);
    await visitor.page.getByLabel("Email").fill(reader.email);
    await visitor.page.getByLabel("Password").fill(reader.password);
    await visitor.page.getByRole("button", { name: "Sign in" }).click();
    await visitor.page.getByTestId("shared-title").getByText("Desk notes").waitFor();
    expect(await visitor.page.getByTestId("shared-message").allInnerTexts()).toEqual(["For the desk only"]);
    // Still on the link, not taken into the reader's own conversations.
    expect(new URL(visitor.page.url()).pathname).toBe(new URL(link).pathname);
    expect(visitor.problems).toEqual([]);

    const member = await openApp(app.browser, app.server.url, { user: await createUser(app.server.url), path: new URL(link).pathname });
    await member.page.getByTestId("shared-title").getByText("Desk notes").waitFor();
    expect(await member.page.getByTestId("share-sign-in").count()).toBe(0);

    await owner.context.close();
    await visitor.context.close();
    await member.context.close();
  });

  it("draws a reply's tool results on the shared page as in the reply, without trade ids", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, allowShorting: false, allowedOrderTypes: ["market"] });
    const { startedAt, endedAt, startingCapital, fills, marks } = tenFillRun;
    const run = await createRun(app.server.prisma, { id: model.id, userId: user.user.id }, { startedAt, endedAt, startingCapital });
    await insertFills(app.server.prisma, run.id, fills);
    await insertMarks(app.server.prisma, run.id, marks);
    app.server.assistant.onChat((request) =>
      request.body.messages.some((message) => message.role === "tool")
        ? "Three fills broke a rule."
        : { kind: "tool-calls", toolCalls: [{ name: "check_compliance", arguments: "{}" }] },
    );
    const owner = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await send(owner.page, "Did this run break any rule?");
    const ownTable = assistantMessages(owner.page).last().getByRole("table", { name: "Violations" });
    await ownTable.waitFor();
    expect(await ownTable.locator("thead th").first().textContent()).toBe("Trade");
    await assistantMessages(owner.page).last().getByText("Three fills broke a rule.").waitFor();
    await owner.page.getByRole("button", { name: "Share conversation" }).click();
    await owner.page.getByRole("button", { name: "Create link" }).click();
    const link = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();

    const visitor = await openApp(app.browser, app.server.url, { path: new URL(link).pathname });
    const table = visitor.page.getByRole("table", { name: "Violations" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(3);
    const headers = await table.locator("thead th").allTextContents();
    expect(headers).not.toContain("Trade");
    expect(headers).toContain("Rule in force");
    expect(await table.textContent()).toContain("short selling: not allowed");
    expect(await visitor.page.getByRole("button", { name: /Show trade/ }).count()).toBe(0);
    expect(visitor.problems).toEqual([]);
    await screenshot(visitor.page, "desktop-shared-tool-results");
    await owner.context.close();
    await visitor.context.close();
  });
});
