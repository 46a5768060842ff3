import { blotter, createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { messageText, type ChatRequest } from "@parley/scripted-openai";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig, type TestUser } from "./support/accounts";
import { chatRoundsWith } from "./support/assistant";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, pathOf, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

// Runs stored as the trading system stores them (fills with their realized P&L, price marks);
// everything the browser shows about them is computed by the server from those rows.
const app = useAppUnderTest();

describe("runs", () => {
  it("run conversations show the tools a reply used, answered by the real run toolbox", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const run = await storeRun(user, model, tenFillRun);
    // The model calls the real get_run_overview, then quotes the figures the tool gave it.
    app.server.assistant.onChat((request) => {
      const overview = toolResult(request);
      if (!overview) return { kind: "tool-calls", toolCalls: [{ name: "get_run_overview", arguments: "{}" }] };
      return `The run made **${String(overview.fillCount)} fills**: total P&L ${String(overview.totalPnl)}, maximum drawdown ${String(overview.maxDrawdown)}.`;
    });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await page.getByRole("heading", { name: "Analyse this run" }).waitFor();
    await send(page, "How did this run do?");
    const firstRound = () => chatRoundsWith(app.server.openai.requests, "How did this run do?")[0];
    await expect.poll(() => firstRound() !== undefined).toBe(true);
    for (const tool of ["get_run_overview", "get_positions", "check_compliance"])
      expect(JSON.stringify(firstRound()?.body)).toContain(`"${tool}"`);
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${model.id}/runs/${run.id}/chat\\?c=\\d+$`));
    await expect.poll(() => page.getByTestId("tool-chip").textContent()).toContain("Get run overview");
    // Worked out by hand in packages/trading/src/testing/ten-fill-run.ts.
    await assistantMessages(page).last().getByText("10 fills").waitFor();
    expect(await assistantMessages(page).last().textContent()).toContain("total P&L -3, maximum drawdown 165.");
    await page.reload();
    await expect.poll(() => page.getByTestId("tool-chip").textContent()).toContain("Get run overview");
    await page.getByRole("button", { name: "Run details" }).click();
    const runSection = page.getByTestId("details-panel").getByRole("region", { name: "Run", exact: true });
    await runSection.getByText(`Run #${run.id}`).waitFor();
    // Net realized P&L: −17 realized, less 10 of fees.
    await runSection.getByText("-$27.00").waitFor();
    await screenshot(page, "desktop-run-conversation");
    await context.close();
  });

  it("a model's runs are listed with their headline figures, and open their conversations", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const losing = await storeRun(user, model, tenFillRun);
    const winning = await storeRun(user, model, {
      startedAt: new Date("2024-02-05T14:30:00Z"),
      endedAt: new Date("2024-02-06T21:00:00Z"),
      startingCapital: 10_000,
      // Realized 10 × (112.5 − 100) = 125, less 2 of fees.
      fills: blotter(
        ["2024-02-05T15:00:00Z", "buy", 10, "NVDA", 100, { fees: 1 }],
        ["2024-02-06T15:00:00Z", "sell", 10, "NVDA", 112.5, { fees: 1 }],
      ),
      marks: [],
    });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("button", { name: "Model details" }).click();
    const cards = page.getByTestId("details-panel").getByRole("region", { name: "Runs" }).getByRole("link");
    await expect.poll(() => cards.count()).toBe(2);
    // Newest first.
    expect(await cards.nth(0).textContent()).toContain(`Run #${winning.id}`);
    expect(await cards.nth(0).textContent()).toContain("+$123.00");
    expect(await cards.nth(0).textContent()).toContain("2 fills · 1 symbol ·");
    expect(await cards.nth(1).textContent()).toContain(`Run #${losing.id}`);
    expect(await cards.nth(1).textContent()).toContain("-$27.00");
    expect(await cards.nth(1).textContent()).toContain("10 fills · 2 symbols ·");

    await cards.nth(1).click();
    await expect.poll(() => pathOf(page)).toBe(`/m/${model.id}/runs/${losing.id}/chat`);
    await page.getByRole("heading", { name: "Analyse this run" }).waitFor();
    await page.getByRole("button", { name: "Run details" }).click();
    const current = page.getByTestId("details-panel").getByRole("region", { name: "Runs" }).locator('[aria-current="page"]');
    await expect.poll(() => current.textContent()).toContain(`Run #${losing.id}`);
    await context.close();
  });
});

type StoredRun = Pick<typeof tenFillRun, "startedAt" | "endedAt" | "startingCapital" | "fills" | "marks">;

/** A completed run of the user's model holding these fills and marks. */
async function storeRun(user: TestUser, model: { id: number }, data: StoredRun) {
  const run = await createRun(
    app.server.prisma,
    { id: model.id, userId: user.user.id },
    { startedAt: data.startedAt, endedAt: data.endedAt, startingCapital: data.startingCapital },
  );
  await insertFills(app.server.prisma, run.id, data.fills);
  await insertMarks(app.server.prisma, run.id, data.marks);
  return run;
}

/** The parsed result of the tool call the request answers, if it answers one. */
function toolResult(request: ChatRequest): Record<string, unknown> | undefined {
  const message = request.body.messages.findLast((m) => m.role === "tool");
  return message ? (JSON.parse(messageText(message)) as Record<string, unknown>) : undefined;
}
