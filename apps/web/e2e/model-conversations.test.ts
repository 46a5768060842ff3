import { describe, expect, it } from "vitest";
import { createUser, scalperConfig, type TestUser } from "./support/accounts";
import { chatRoundsWith, systemPrompt } from "./support/assistant";
import { openApp, screenshot } from "./support/browser";
import { activeRowIds, assistantMessages, composer, conversationRows, pathOf, send, userMessages } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

async function userWithModel(config: Partial<typeof scalperConfig> = {}) {
  const user = await createUser(app.server.url);
  const model = await user.api.models.create.mutate({ ...scalperConfig, ...config });
  return { user, model };
}

const sessionCount = (user: TestUser) => app.server.prisma.chatSession.count({ where: { userId: user.user.id } });

describe("model conversations (the seed's basic flow)", () => {
  it("first message moves /m/:id/new to /m/:id/c/:id, streams the reply, lists it and shows the title", async () => {
    const { user, model } = await userWithModel();
    app.server.assistant.onTitle(() => "Scalper risk limits");
    app.server.assistant.onChat((_request, text) =>
      text.startsWith("What are")
        ? {
            kind: "text",
            text: "Your **risk limit** is 2% per trade.\n\n| Limit | Value |\n|---|---|\n| Per trade | 2% |",
            chunkSize: 3,
            delayMs: 20,
          }
        : undefined,
    );
    const { page, context, problems, sockets } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("heading", { name: "Talk about this model" }).waitFor();
    await expect.poll(() => page.getByTestId("model-nav-item").filter({ hasText: model.name }).getAttribute("aria-current")).toBe("page");
    await screenshot(page, "desktop-model-new");

    await composer(page).fill("What are my risk limits?");
    await composer(page).press("Enter");
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${model.id}/c/\\d+$`));
    await page.getByRole("cell", { name: "Per trade" }).waitFor();
    await expect.poll(() => assistantMessages(page).last().getAttribute("data-status")).toBe("complete");
    await expect.poll(() => page.getByTestId("chat-title").textContent()).toBe("Scalper risk limits");
    await expect.poll(() => conversationRows(page).first().textContent()).toContain("Scalper risk limits");
    const sessionId = pathOf(page).split("/").at(-1);
    expect(await activeRowIds(page)).toEqual([sessionId]);
    await screenshot(page, "desktop-model-conversation");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(300);
    await screenshot(page, "desktop-model-conversation-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await send(page, "And what about overnight holds?");
    await send(page, "Thanks, one more question");
    expect(await userMessages(page).count()).toBe(3);
    expect(await assistantMessages(page).last().textContent()).toContain("You asked: Thanks, one more question");
    expect(sockets.opened()).toBe(1);
    await page.reload();
    await expect.poll(() => userMessages(page).count()).toBe(3);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("New chat starts a second conversation (old one inactive), resume reactivates, delete removes it", async () => {
    const { user, model } = await userWithModel();
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "First conversation question");
    const first = pathOf(page);
    await page.getByRole("button", { name: "New chat" }).click();
    await expect.poll(() => pathOf(page)).toBe(`/m/${model.id}/new`);
    await page.getByRole("heading", { name: "Talk about this model" }).waitFor();
    await send(page, "Second conversation question");
    const second = pathOf(page);
    expect(second).not.toBe(first);
    const [firstId, secondId] = [first, second].map((path) => path.split("/").at(-1) ?? "");
    await expect.poll(() => conversationRows(page).count()).toBe(2);
    await expect.poll(() => activeRowIds(page)).toEqual([secondId]);

    // Resume the first: URL, messages and active marker follow.
    await conversationRows(page).filter({ hasText: "First conversation" }).getByRole("button").first().click();
    await expect.poll(() => pathOf(page)).toBe(first);
    await page.getByText("You asked: First conversation question").waitFor();
    await expect.poll(() => activeRowIds(page)).toEqual([firstId]);
    const rows = await app.server.prisma.chatSession.findMany({ where: { userId: user.user.id }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.isActive)).toEqual([true, false]);

    // Delete the second (Undo is offered instead of a confirmation): the row goes at once and the
    // record is marked for removal when the undo window ends (the purge has its own tests).
    const row = conversationRows(page).filter({ hasText: "Second conversation" });
    await row.hover();
    await row.getByRole("button", { name: /^Delete/ }).click();
    await expect.poll(() => conversationRows(page).count()).toBe(1);
    const deleted = await app.server.prisma.chatSession.findUniqueOrThrow({ where: { id: Number(secondId) } });
    expect(deleted.deletedAt).not.toBeNull();
    expect(deleted.isActive).toBe(false);
    await context.close();
  });

  it("renames a conversation from the sidebar", async () => {
    const { user, model } = await userWithModel();
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "Name me later");
    const row = conversationRows(page).first();
    await row.hover();
    await row.getByRole("button", { name: /^Rename/ }).click();
    await page.getByRole("textbox", { name: "Conversation title" }).fill("My renamed chat");
    await page.getByRole("textbox", { name: "Conversation title" }).press("Enter");
    await expect.poll(() => conversationRows(page).first().textContent()).toContain("My renamed chat");
    await expect.poll(() => page.getByTestId("chat-title").textContent()).toBe("My renamed chat");
    await context.close();
  });

  it("an abandoned /new page stores nothing", async () => {
    const { user, model } = await userWithModel();
    const before = await sessionCount(user);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("heading", { name: "Talk about this model" }).waitFor();
    await composer(page).fill("typed but never sent");
    await page.getByRole("link", { name: "General" }).click();
    await page.getByRole("heading", { name: "How can I help?" }).waitFor();
    await page.goto(`${app.server.url}/m/${model.id}`);
    await page.getByRole("heading", { name: "Talk about this model" }).waitFor();
    expect(await sessionCount(user)).toBe(before);
    // The draft of the ephemeral conversation is still there.
    expect(await composer(page).inputValue()).toBe("typed but never sent");
    await context.close();
  });

  it("switches rapidly between five conversations and ends on the last one clicked, active", async () => {
    const { user, model } = await userWithModel();
    const ids: number[] = [];
    for (let n = 1; n <= 5; n++) {
      const sent = await user.api.chat.send.mutate({
        target: { context: { kind: "model", modelId: model.id }, idempotencyKey: `rapid-${n}-${Date.now()}` },
        content: `Conversation number ${n}`,
      });
      ids.push(sent.session.id);
    }
    const { page, context, sockets } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/c/${ids[4]}` });
    await expect.poll(() => conversationRows(page).count()).toBe(5);
    const order = [ids[0], ids[3], ids[1], ids[4], ids[2], ids[0], ids[3]];
    for (const id of order) await page.locator(`[data-session-id="${id}"] .conv-open`).click();
    const last = order.at(-1);
    await expect.poll(() => pathOf(page)).toBe(`/m/${model.id}/c/${last}`);
    await page.getByText(`Conversation number ${ids.indexOf(last ?? 0) + 1}`, { exact: true }).waitFor();
    await expect.poll(() => activeRowIds(page)).toEqual([String(last)]);
    const active = await app.server.prisma.chatSession.findMany({ where: { userId: user.user.id, isActive: true } });
    expect(active.map((session) => session.id)).toEqual([last]);
    expect(sockets.opened()).toBe(1);
    await context.close();
  });
});

describe("model context", () => {
  it("the assistant is told the model's configuration and answers with it", async () => {
    const { user, model } = await userWithModel();
    app.server.assistant.onChat((request, text) =>
      text.includes("configured for")
        ? `Here is what I know:\n\n${systemPrompt(request).includes("scalping") ? "- Style: scalping" : "- Style: unknown"}\n${systemPrompt(request).includes("50") ? "- Buying power: $50,000" : ""}\n- Shorting: ${/short/i.test(systemPrompt(request)) ? "allowed" : "?"}`
        : undefined,
    );
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await send(page, "What is this model configured for?");
    const reply = await assistantMessages(page).last().textContent();
    expect(reply).toContain("Style: scalping");
    expect(reply).toContain("Buying power: $50,000");
    const request = chatRoundsWith(app.server.openai.requests, "What is this model configured for?").at(-1);
    const prompt = JSON.stringify(request?.body);
    for (const fact of ["Momentum Scalper", "scalping", "No overnight holds"]) expect(prompt).toContain(fact);

    await page.getByRole("button", { name: "Model details" }).click();
    const details = page.getByTestId("details-panel");
    await details.getByText("No overnight holds. Max 2% risk per trade.").waitFor();
    await screenshot(page, "desktop-model-details");
    await context.close();
  });

  it("three models keep their conversations and contexts apart", async () => {
    const user = await createUser(app.server.url);
    const names = ["Alpha Swing", "Beta Crypto", "Gamma Options"];
    const models = [];
    for (const name of names) models.push(await user.api.models.create.mutate({ ...scalperConfig, name }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/" });
    for (const model of models) {
      await page.getByTestId("model-nav-item").filter({ hasText: model.name }).click();
      await page.getByRole("heading", { name: "Talk about this model" }).waitFor();
      const before = app.server.openai.requests.length;
      await send(page, `Tell me about ${model.name}`);
      const chat = app.server.openai.requests.slice(before).find((r) => JSON.stringify(r.body).includes(`Tell me about ${model.name}`));
      const prompt = JSON.stringify(chat?.body);
      expect(prompt).toContain(model.name);
      for (const other of models.filter((m) => m !== model)) expect(prompt).not.toContain(other.name);
    }
    for (const model of models) {
      await page.getByTestId("model-nav-item").filter({ hasText: model.name }).click();
      await expect.poll(() => conversationRows(page).count()).toBe(1);
      await page.getByText(`Tell me about ${model.name}`).first().waitFor();
    }
    const sessions = await app.server.prisma.chatSession.findMany({ where: { userId: user.user.id }, include: { messages: true } });
    for (const session of sessions) {
      const model = models.find((m) => m.id === session.modelId);
      expect(session.messages.find((m) => m.role === "user")?.content).toBe(`Tell me about ${model?.name}`);
    }
    await context.close();
  });
});
