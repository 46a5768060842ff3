import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { assistantMessages, send, waitForReply } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

// The reply's tool results drawn in the conversation: figures computed by the real run toolbox
// from stored fills, compared with the ten-fill run worked out by hand in packages/trading.
const app = useAppUnderTest();

const CALLS = [
  { name: "get_run_overview", arguments: "{}" },
  { name: "get_equity_curve", arguments: '{"interval":"day"}' },
  { name: "list_trades", arguments: '{"limit":20}' },
  { name: "get_positions", arguments: "{}" },
];

async function shown(page: Page) {
  const reply = assistantMessages(page).last();
  const metrics = reply.getByTestId("metrics-card");
  const metric = async (key: string) => (await metrics.locator(`[data-metric="${key}"] dd`).textContent()) ?? "";
  return {
    netPnl: await metric("totalPnl"),
    realized: await metric("realizedPnl"),
    fees: await metric("totalFees"),
    winRate: await metric("winRate"),
    maxDrawdown: await metric("maxDrawdown"),
    chart: await reply.getByTestId("equity-chart").locator("figcaption").textContent(),
    trades: await reply.getByRole("table", { name: "Trades" }).locator("tbody tr").count(),
    positions: await reply.getByRole("table", { name: "Positions" }).locator("tbody tr").allTextContents(),
    asOf: await reply.locator(".tool-result-asof").allTextContents(),
  };
}

describe("tool results in a run conversation", () => {
  it("shows the metrics card, the equity and drawdown chart and sortable tables, the same after a reload", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const run = await createRun(app.server.prisma, { id: model.id, userId: user.user.id }, tenFillRun);
    await insertFills(app.server.prisma, run.id, tenFillRun.fills);
    await insertMarks(app.server.prisma, run.id, tenFillRun.marks);
    app.server.assistant.onChat((request) =>
      request.body.messages.some((message) => message.role === "tool")
        ? "Here is the run, drawn."
        : { kind: "tool-calls", toolCalls: CALLS },
    );
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/runs/${run.id}/chat` });
    await send(page, "Show me this run");
    await waitForReply(page);
    const reply = assistantMessages(page).last();
    await reply.getByTestId("equity-chart-canvas").locator("canvas").first().waitFor();
    const first = await shown(page);
    // Hand-computed (packages/trading/src/testing/ten-fill-run.ts): realized −17, fees 10, unrealized +24,
    // 3 wins of 6 closing fills, daily equity 10000 10000 10127 10070 9962 9974 9997 (drawdown 10127 → 9962).
    expect(first).toMatchObject({
      netPnl: "-$3.00",
      realized: "-$17.00",
      fees: "$10.00",
      winRate: "50.0%",
      maxDrawdown: "$165.00",
      trades: 10,
    });
    expect(first.chart).toBe("Equity $9,997.00 · max drawdown $165.00 · 7 points");
    expect(first.positions).toHaveLength(1);
    expect(first.positions[0]).toContain("BBB");
    expect(first.asOf).toHaveLength(4);
    for (const asOf of first.asOf) expect(asOf).toMatch(/^As of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

    // Sorting by realized P&L: the worst closing fill first (the flip, 15 × (100 − 105)), then reversed.
    const trades = reply.getByRole("table", { name: "Trades" });
    const realizedColumn = trades.locator("tbody tr td:nth-child(8)");
    await trades.getByRole("button", { name: "Realized" }).click();
    expect(await realizedColumn.first().textContent()).toBe("-$75.00");
    await trades.getByRole("button", { name: "Realized" }).click();
    expect(await realizedColumn.first().textContent()).toBe("$50.00");
    expect(await trades.locator("th[aria-sort=descending]").textContent()).toBe("Realized");

    // A chip closes and opens its result.
    const overviewChip = reply.getByRole("button", { name: "Get run overview" });
    await overviewChip.click();
    await expect.poll(() => reply.getByTestId("metrics-card").count()).toBe(0);
    await overviewChip.click();
    await screenshot(page, "desktop-tool-results");

    // Stored with the reply: after a reload the same figures and the same "as of" times.
    await page.reload();
    await assistantMessages(page).last().getByTestId("equity-chart-canvas").locator("canvas").first().waitFor();
    expect(await shown(page)).toEqual(first);
    await context.close();
  });
});
