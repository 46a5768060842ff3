import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { useAppUnderTest } from "./support/app-under-test";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, pathOf, send } from "./support/chat";

const app = useAppUnderTest();

/** What the database holds for a conversation: replies and background work, tokens and cost. */
async function storedTotals(sessionId: number) {
  const prisma = app.server.prisma;
  const replies = await prisma.chatMessage.findMany({ where: { sessionId, role: "assistant" } });
  const background = await prisma.backgroundUsage.findMany({ where: { sessionId } });
  const rows = [...replies, ...background];
  return {
    tokens: rows.reduce((sum, row) => sum + (row.promptTokens ?? 0) + (row.completionTokens ?? 0), 0),
    cost: rows.reduce((sum, row) => sum + Number(row.costUsd ?? 0), 0),
    titles: background.filter((row) => row.kind === "title").length,
  };
}

describe("tokens and cost", () => {
  it("shows each reply's tokens and cost, the conversation's total and the user's", async () => {
    const user = await createUser(app.server.url);
    // e2e-chat is priced as gpt-4o: 2,000 × $2.50 + 500 × $10 per million = $0.0100.
    app.server.assistant.onChat((_request, text) =>
      text.startsWith("Fees")
        ? { kind: "text", text: "You paid $12.40 in fees.", usage: { prompt_tokens: 2_000, completion_tokens: 500 } }
        : { kind: "text", text: "Your largest loss was on TSLA.", usage: { omit: true } },
    );
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "Fees this month?");
    const first = assistantMessages(page).first().getByTestId("reply-usage");
    await expect.poll(() => first.textContent()).toBe("2,500 tokens · $0.01");
    expect(await first.getAttribute("title")).toBe("2,000 prompt + 500 completion tokens");

    // No usage from the provider: counted with the tokenizer, and priced all the same.
    await send(page, "Largest loss?");
    const second = assistantMessages(page).last().getByTestId("reply-usage");
    await expect.poll(() => second.textContent()).toMatch(/^[\d,]+ tokens · \$0\.\d{4}$/);

    const sessionId = Number(pathOf(page).split("/").at(-1));
    await expect.poll(async () => (await storedTotals(sessionId)).titles, { timeout: 15_000 }).toBe(1);
    const totals = await storedTotals(sessionId);
    const header = page.getByTestId("conversation-usage");
    const expected = `${totals.tokens.toLocaleString("en-US")} tokens · $${totals.cost.toFixed(totals.cost < 0.01 ? 4 : 2)}`;
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toBe(expected);
    expect(await header.getAttribute("title")).toMatch(
      /^Replies: [\d,]+ tokens, \$[\d.]+\nTitle: [\d,]+ tokens, \$[\d.]+\nSummaries: 0 tokens, —$/,
    );

    // The user's total, under their name: here, this one conversation.
    await page.reload();
    await expect
      .poll(() => page.getByTestId("account-usage").textContent(), { timeout: 10_000 })
      .toBe(`Used $${totals.cost.toFixed(totals.cost < 0.01 ? 4 : 2)}`);
    await screenshot(page, "desktop-usage-cost");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows an unpriced reply's cost as a dash", async () => {
    const user = await createUser(app.server.url);
    app.server.assistant.onChat(() => ({ kind: "text", text: "Fine.", usage: { prompt_tokens: 10, completion_tokens: 2 } }));
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    await send(page, "Hello");
    const reply = assistantMessages(page).last();
    const id = Number(await reply.getAttribute("data-message-id"));
    // As a reply written with a model the price table does not name (the operator's own, say).
    await app.server.prisma.chatMessage.update({ where: { id }, data: { aiModel: "house-model", costUsd: null } });
    await page.reload();
    await expect.poll(() => assistantMessages(page).last().getByTestId("reply-usage").textContent()).toBe("12 tokens · —");
    await context.close();
  });
});
