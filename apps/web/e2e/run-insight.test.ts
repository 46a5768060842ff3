import { blotter, createRun, insertFills, insertMarks, runOverview, tenFillRun } from "@parley/db/testing";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { moneyCell, percentCell, ratioCell } from "../src/insight/cells";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

// The run details panel draws the run as a reply draws its tools' results (runs.insight), and a
// compliance finding in a reply opens the panel's trades table at the trade it names.
const app = useAppUnderTest();

const panel = (page: Page) => page.getByTestId("details-panel");
const panelTrades = (page: Page) => panel(page).getByRole("table", { name: "Trades" });
const metric = async (card: Locator, key: string) => (await card.locator(`[data-metric="${key}"] dd`).textContent()) ?? "";

async function openRunDetails(page: Page) {
  await page.getByRole("heading", { name: "Analyse this run" }).waitFor();
  await page.getByRole("button", { name: "Run details" }).click();
}

describe("the run details panel", () => {
  it("shows the metrics card, the equity chart and the trades, positions and per-symbol tables, equal to the reference", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const run = await createRun(app.server.prisma, { id: model.id, userId: user.user.id }, tenFillRun);
    await insertFills(app.server.prisma, run.id, tenFillRun.fills);
    await insertMarks(app.server.prisma, run.id, tenFillRun.marks);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await openRunDetails(page);
    const card = panel(page).getByTestId("metrics-card");
    await card.waitFor();
    const reference = runOverview(tenFillRun);
    expect({
      net: await metric(card, "totalPnl"),
      realized: await metric(card, "realizedPnl"),
      fees: await metric(card, "totalFees"),
      winRate: await metric(card, "winRate"),
      profitFactor: await metric(card, "profitFactor"),
      maxDrawdown: await metric(card, "maxDrawdown"),
      sharpe: await metric(card, "sharpeRatio"),
    }).toEqual({
      net: moneyCell(reference.totalPnl),
      realized: moneyCell(reference.realizedPnl),
      fees: moneyCell(reference.totalFees),
      winRate: percentCell(reference.winRate),
      profitFactor: ratioCell(reference.profitFactor),
      maxDrawdown: moneyCell(reference.maxDrawdown),
      sharpe: ratioCell(reference.sharpeRatio),
    });
    // The daily curve: 10000 10000 10127 10070 9962 9974 9997, drawn by the lazily loaded chart.
    await panel(page).getByTestId("equity-chart-canvas").locator("canvas").first().waitFor();
    expect(await panel(page).getByTestId("equity-chart").locator("figcaption").textContent()).toBe(
      `Equity ${moneyCell(reference.endingEquity)} · max drawdown ${moneyCell(reference.maxDrawdown)} · 7 points`,
    );
    expect(await panelTrades(page).locator("tbody tr").count()).toBe(10);
    const positions = await panel(page).getByRole("table", { name: "Positions" }).locator("tbody tr").allTextContents();
    expect(positions).toHaveLength(1);
    expect(positions[0]).toContain("BBB");
    expect(await panel(page).getByRole("table", { name: "Per symbol" }).locator("tbody tr td:first-child").allTextContents()).toEqual([
      "AAA",
      "BBB",
    ]);
    expect(await panel(page).getByTestId("run-insight-asof").textContent()).toBe("As of 2024-01-06 00:00:00 UTC");
    // Sortable in the panel too: the worst closing fill (the flip, 15 × (100 − 105)) first.
    await panelTrades(page).getByRole("button", { name: "Realized" }).click();
    await expect.poll(() => panelTrades(page).locator("tbody tr td:nth-child(8)").first().textContent()).toBe("-$75.00");
    await screenshot(page, "desktop-run-details-insight");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("moves with a live run: fills appended while the panel is open show in its tables and card", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const start = Date.now() - 3_600_000;
    const run = await user.api.runs.create.mutate({
      modelId: model.id,
      kind: "live",
      startingCapital: 10_000,
      period: { start: new Date(start).toISOString() },
    });
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await openRunDetails(page);
    await panel(page).getByText("No trades.").waitFor();
    const fill = (n: number, side: "buy" | "sell", price: number) => ({
      fillId: `live-${n}`,
      executedAt: new Date(start + n * 60_000).toISOString(),
      symbol: "AAPL",
      side,
      quantity: 10,
      price,
      fees: 1,
      orderType: "market" as const,
    });
    await user.api.runs.appendFills.mutate({ runId: run.id, fills: [fill(1, "buy", 100), fill(2, "sell", 105)] });
    await expect.poll(() => panelTrades(page).locator("tbody tr").count()).toBe(2);
    // 10 × (105 − 100) realized, less 2 of fees.
    const card = panel(page).getByTestId("metrics-card");
    await expect.poll(() => metric(card, "totalPnl")).toBe("$48.00");
    await user.api.runs.appendFills.mutate({ runId: run.id, fills: [fill(3, "buy", 104)] });
    await expect.poll(() => panelTrades(page).locator("tbody tr").count()).toBe(3);
    await expect.poll(() => panel(page).getByRole("table", { name: "Positions" }).locator("tbody tr").count()).toBe(1);
    await context.close();
  });
});

describe("compliance findings in a reply", () => {
  it("a violation's trade opens the run's trades table at that trade, on its page, marked", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, allowShorting: false });
    const run = await createRun(
      app.server.prisma,
      { id: model.id, userId: user.user.id },
      {
        startedAt: new Date("2024-03-01T00:00:00Z"),
        endedAt: new Date("2024-03-02T00:00:00Z"),
      },
    );
    // Twelve round trips of AAA that never go short, then a sell of BBB that opens a short: the
    // thirteenth fill in time order, on the second page of ten.
    const at = (n: number) => new Date(Date.UTC(2024, 2, 1, 10, n)).toISOString();
    const roundTrips = Array.from({ length: 12 }, (_, n): Parameters<typeof blotter>[0] => [at(n), n % 2 ? "sell" : "buy", 1, "AAA", 100]);
    await insertFills(
      app.server.prisma,
      run.id,
      blotter(...roundTrips, [at(12), "sell", 5, "BBB", 50], [at(13), "buy", 5, "BBB", 49], [at(14), "buy", 1, "AAA", 100]),
    );
    const short = await app.server.prisma.trade.findFirstOrThrow({ where: { runId: run.id, symbol: "BBB", side: "sell" } });
    app.server.assistant.onChat((request) =>
      request.body.messages.some((message) => message.role === "tool")
        ? "One fill broke a rule: it is in the table."
        : { kind: "tool-calls", toolCalls: [{ name: "check_compliance", arguments: "{}" }] },
    );
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await send(page, "Did this run break any rule?");
    const violations = assistantMessages(page).last().getByRole("table", { name: "Violations" });
    await violations.waitFor();
    expect(await violations.locator("tbody tr").count()).toBe(1);
    expect(await violations.textContent()).toContain("short selling: not allowed");

    const link = violations.getByRole("button", { name: `Show trade #${short.id} in the trades table` });
    await link.click();
    const focused = panelTrades(page).locator(`tbody tr[data-row-id="${short.id}"]`);
    await focused.waitFor();
    expect(await focused.getAttribute("class")).toBe("highlighted");
    expect(await focused.getAttribute("aria-current")).toBe("true");
    expect(await panelTrades(page).locator("tbody tr.highlighted").count()).toBe(1);
    expect(await panel(page).getByText("Page 2 of 2").count()).toBe(1);
    expect(await focused.textContent()).toContain("BBB");
    await screenshot(page, "desktop-compliance-to-trade");

    // Paged and sorted away, a second click brings the trade back: in the reader's sort, on its page.
    await panel(page).getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => focused.count()).toBe(0);
    await panelTrades(page).getByRole("button", { name: "Realized" }).click();
    await expect.poll(() => panelTrades(page).locator("th[aria-sort=ascending]").textContent()).toBe("Realized");
    await link.click();
    await focused.waitFor();
    // Worst first: fourteen fills realize nothing (by id among them), the BBB cover +$5; the short
    // is the thirteenth, on the second page.
    expect(await panel(page).getByText("Page 2 of 2").count()).toBe(1);
    expect(await focused.getAttribute("class")).toBe("highlighted");
    expect(await panelTrades(page).locator("th[aria-sort=ascending]").textContent()).toBe("Realized");
    // Only the orders the server keeps for every trade can be chosen.
    expect(await panelTrades(page).locator("th").filter({ hasText: "Symbol" }).getByRole("button").count()).toBe(0);

    // The request ends with the panel: opened again from the header, nothing is marked.
    await panel(page).getByRole("button", { name: "Close details" }).click();
    await page.getByRole("button", { name: "Run details" }).click();
    await panelTrades(page).waitFor();
    expect(await panelTrades(page).locator("tbody tr.highlighted").count()).toBe(0);
    expect(await panel(page).getByText("Page 1 of 2").count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a violation deep in a long run opens the page holding it, fetched from the server, and paging on from there works", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate({ ...scalperConfig, allowShorting: false });
    const run = await createRun(
      app.server.prisma,
      { id: model.id, userId: user.user.id },
      {
        startedAt: new Date("2024-03-01T00:00:00Z"),
        endedAt: new Date("2024-03-02T00:00:00Z"),
      },
    );
    const at = (n: number) => new Date(Date.UTC(2024, 2, 1, 1) + n * 1_000).toISOString();
    const roundTrips = Array.from({ length: 1_000 }, (_, n): Parameters<typeof blotter>[0] => [
      at(n),
      n % 2 ? "sell" : "buy",
      1,
      "AAA",
      100,
    ]);
    await insertFills(app.server.prisma, run.id, blotter(...roundTrips, [at(1_000), "sell", 5, "BBB", 50]));
    const short = await app.server.prisma.trade.findFirstOrThrow({ where: { runId: run.id, symbol: "BBB" } });
    app.server.assistant.onChat((request) =>
      request.body.messages.some((message) => message.role === "tool")
        ? "The last fill broke a rule."
        : { kind: "tool-calls", toolCalls: [{ name: "check_compliance", arguments: "{}" }] },
    );
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await send(page, "Any violations?");
    await assistantMessages(page)
      .last()
      .getByRole("button", { name: `Show trade #${short.id} in the trades table` })
      .click();
    const focused = panelTrades(page).locator(`tbody tr[data-row-id="${short.id}"]`);
    await focused.waitFor();
    expect(await focused.getAttribute("class")).toBe("highlighted");
    // The 1,001st trade in time order: alone on the last of 101 pages.
    expect(await panel(page).getByTestId("run-trades-total").textContent()).toBe("1,001");
    expect(await panel(page).getByText("Page 101 of 101").count()).toBe(1);
    expect(await panelTrades(page).locator("tbody tr").count()).toBe(1);
    // Back a page (found by number on the server) and on again (by its cursor).
    await panel(page).getByRole("button", { name: "Previous" }).click();
    await panel(page).getByText("Page 100 of 101").waitFor();
    await expect.poll(() => panelTrades(page).locator("tbody tr").count()).toBe(10);
    const inTimeOrder = await app.server.prisma.trade.findMany({
      where: { runId: run.id },
      orderBy: [{ executedAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(await panelTrades(page).locator("tbody tr td:first-child").allTextContents()).toEqual(
      inTimeOrder.slice(990, 1_000).map((trade) => `#${trade.id}`),
    );
    await panel(page).getByRole("button", { name: "Next" }).click();
    await panel(page).getByText("Page 101 of 101").waitFor();
    await focused.waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
