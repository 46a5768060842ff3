import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { useAppUnderTest } from "./support/app-under-test";
import { openApp, screenshot } from "./support/browser";
import { pathOf } from "./support/chat";

// Fill files imported in the browser: parsed there from the File's stream (the CLI's parser),
// checked before anything is sent, then sent in batches to runs.create / runs.appendFills.
const app = useAppUnderTest();

// Lines 3, 5 and 6 are bad; lines 2 and 4 make 10 NVDA bought at 100 and sold at 112.5
// with 1 of fees each: +125 realized, +123 net.
const mixedFile = [
  "executed_at,symbol,side,quantity,price,fees",
  "2024-02-05T15:00:00Z,NVDA,buy,10,100,1",
  "2024-02-05T15:30:00Z,NVDA,hold,10,101,0",
  "2024-02-06T15:00:00Z,NVDA,sell,10,112.5,1",
  "2024-02-06T15:10:00Z,NVDA,buy,abc,1,0",
  "2024-02-06T16:00:00Z,AAPL,buy,5,180",
  "",
].join("\n");

const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
const dialog = (page: Page) => page.getByRole("dialog");
const dropZone = (scope: Locator) => scope.getByTestId("fill-drop");

async function checkFile(page: Page, zone: Locator, file: ReturnType<typeof csv>) {
  await zone.locator('input[type="file"]').setInputFiles(file);
  await dialog(page).getByRole("button", { name: "Check the file" }).click();
  await dialog(page).getByTestId("scan-summary").waitFor();
}

describe("fill files in the browser", () => {
  it("reports bad rows by line, imports nothing by default, keeps the good rows when asked, and adds nothing twice", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("button", { name: "Model details" }).click();
    const runs = page.getByTestId("details-panel").getByRole("region", { name: "Runs" });

    await checkFile(page, dropZone(runs), csv("mixed.csv", mixedFile));
    expect(await dialog(page).getByTestId("scan-summary").textContent()).toBe("2 valid fills, 3 rejected rows, 0 skipped rows.");
    const rejected = dialog(page).getByRole("list", { name: "Rejected rows" }).getByRole("listitem");
    expect(await rejected.allTextContents()).toEqual([
      'Line 3: side: unknown side: use "buy" or "sell"',
      'Line 5: quantity is not a number ("abc")',
      "Line 6: the row does not have the header's 6 cells",
    ]);
    expect(await dialog(page).getByRole("radio", { name: "Import nothing" }).isChecked()).toBe(true);
    await screenshot(page, "desktop-fill-import-report");
    await dialog(page).getByRole("button", { name: "Import nothing" }).click();
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect(await user.api.runs.list.query({ modelId: model.id })).toEqual([]);

    await checkFile(page, dropZone(runs), csv("mixed.csv", mixedFile));
    await dialog(page).getByRole("radio", { name: "Keep the good rows (2 fills)" }).check();
    await dialog(page).getByRole("button", { name: "Import 2 fills" }).click();
    const outcome = dialog(page).getByTestId("import-outcome");
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe("2 fills imported, 0 skipped as already present, 3 rejected rows left out.");
    const [run] = await user.api.runs.list.query({ modelId: model.id });
    expect(run?.headline.fills).toBe(2);
    expect(run?.label).toBe("Imported from mixed.csv");
    await expect.poll(() => runs.getByRole("link").first().textContent()).toContain("+$123.00");

    await dialog(page)
      .getByRole("link", { name: `Open run #${run?.id}` })
      .click();
    await expect.poll(() => pathOf(page)).toBe(`/m/${model.id}/runs/${run?.id}/chat`);
    await page.getByRole("button", { name: "Run details" }).click();
    const runSection = page.getByTestId("details-panel").getByRole("region", { name: "Run", exact: true });
    await runSection.getByText("+$123.00").first().waitFor();

    // The same file into the same run: every fill id is known, nothing is stored twice.
    await checkFile(page, dropZone(runSection), csv("mixed.csv", mixedFile));
    await dialog(page).getByRole("radio", { name: "Keep the good rows (2 fills)" }).check();
    await dialog(page).getByRole("button", { name: "Import 2 fills" }).click();
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe("0 fills imported, 2 skipped as already present, 3 rejected rows left out.");
    expect((await user.api.runs.get.query({ modelId: model.id, runId: run?.id ?? 0 })).headline.fills).toBe(2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("maps unknown columns with a preview of the first rows, from a file dropped on the zone", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("button", { name: "Model details" }).click();
    const runs = page.getByTestId("details-panel").getByRole("region", { name: "Runs" });
    const text =
      "Time,Ticker,Action,Shares,Fill Price,Commission\n2024-03-01T15:00:00Z,AAPL,buy,10,180,0.5\n2024-03-01T16:00:00Z,AAPL,sell,10,185,0.5\n";
    // A real drop: a DataTransfer holding the file, dispatched on the zone.
    const transfer = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], "broker.csv", { type: "text/csv" }));
      return data;
    }, text);
    await dropZone(runs).dispatchEvent("drop", { dataTransfer: transfer });

    await dialog(page).getByRole("heading", { name: "Map the columns" }).waitFor();
    const preview = dialog(page).getByRole("region", { name: "File preview" });
    expect(await preview.getByRole("row").allTextContents()).toEqual([
      "LineTimeTickerActionSharesFill PriceCommission",
      "22024-03-01T15:00:00ZAAPLbuy101800.5",
      "32024-03-01T16:00:00ZAAPLsell101850.5",
    ]);
    const use = dialog(page).getByRole("button", { name: "Use these columns" });
    expect(await use.isDisabled()).toBe(true);
    const mapping: Array<[string, string]> = [
      ["executed_at", "Time"],
      ["symbol", "Ticker"],
      ["side", "Action"],
      ["quantity", "Shares"],
      ["price", "Fill Price"],
      ["fees", "Commission"],
    ];
    for (const [column, header] of mapping)
      await dialog(page)
        .getByRole("combobox", { name: new RegExp(`^${column}\\b`) })
        .selectOption(header);
    await use.click();
    await dialog(page).getByRole("button", { name: "Check the file" }).click();
    await dialog(page).getByTestId("scan-summary").waitFor();
    expect(await dialog(page).getByTestId("scan-summary").textContent()).toBe("2 valid fills, 0 rejected rows, 0 skipped rows.");
    await dialog(page).getByRole("button", { name: "Import 2 fills" }).click();
    await dialog(page).getByTestId("import-outcome").waitFor();
    expect(await dialog(page).getByTestId("import-outcome").textContent()).toBe("2 fills imported, 0 skipped as already present.");
    // 10 × (185 − 180) realized, less 1 of fees.
    await expect.poll(() => runs.getByRole("link").first().textContent()).toContain("+$49.00");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("reads a dropped .json array of the API's own fills: bad elements by index, figures from the good ones, nothing twice", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("button", { name: "Model details" }).click();
    const runs = page.getByTestId("details-panel").getByRole("region", { name: "Runs" });
    // Elements 1 and 3 make 10 NVDA bought at 100 and sold at 112.5 with 1 of fees each: +123 net.
    const fill = { symbol: "NVDA", quantity: 10, orderType: "market", fees: 1 };
    const fills = [
      { ...fill, fillId: "n-1", executedAt: "2024-02-05T15:00:00Z", side: "buy", price: 100 },
      { ...fill, fillId: "n-2", executedAt: "2024-02-05T15:30:00Z", side: "buy", price: 101, venue: "XNAS" },
      { ...fill, fillId: "n-3", executedAt: "2024-02-06T15:00:00Z", side: "sell", price: 112.5 },
      { ...fill, fillId: "n-4", executedAt: "2024-02-06T15:10:00Z", side: "buy", price: "1" },
    ];
    const dropJson = async (scope: Locator) => {
      const transfer = await page.evaluateHandle(
        (content) => {
          const data = new DataTransfer();
          data.items.add(new File([content], "fills.json", { type: "application/json" }));
          return data;
        },
        JSON.stringify(fills, null, 2),
      );
      await dropZone(scope).dispatchEvent("drop", { dataTransfer: transfer });
      expect(await dialog(page).getByRole("combobox", { name: "Format" }).inputValue()).toBe("json");
      await dialog(page).getByRole("button", { name: "Check the file" }).click();
      await dialog(page).getByTestId("scan-summary").waitFor();
    };

    await dropJson(runs);
    expect(await dialog(page).getByTestId("scan-summary").textContent()).toBe("2 valid fills, 2 rejected rows, 0 skipped rows.");
    const rejected = dialog(page).getByRole("list", { name: "Rejected rows" }).getByRole("listitem");
    expect(await rejected.allTextContents()).toEqual(['Line 2: unknown field "venue"', "Line 4: price: price must be a number"]);
    await dialog(page).getByRole("radio", { name: "Keep the good rows (2 fills)" }).check();
    await dialog(page).getByRole("button", { name: "Import 2 fills" }).click();
    const outcome = dialog(page).getByTestId("import-outcome");
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe("2 fills imported, 0 skipped as already present, 2 rejected rows left out.");
    await expect.poll(() => runs.getByRole("link").first().textContent()).toContain("+$123.00");
    const [run] = await user.api.runs.list.query({ modelId: model.id });
    expect([run?.headline.fills, run?.label]).toEqual([2, "Imported from fills.json"]);

    await dialog(page)
      .getByRole("link", { name: `Open run #${run?.id}` })
      .click();
    await page.getByRole("button", { name: "Run details" }).click();
    const runSection = page.getByTestId("details-panel").getByRole("region", { name: "Run", exact: true });
    await runSection.getByText("+$123.00").first().waitFor();
    await dropJson(runSection);
    await dialog(page).getByRole("radio", { name: "Keep the good rows (2 fills)" }).check();
    await dialog(page).getByRole("button", { name: "Import 2 fills" }).click();
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe("0 fills imported, 2 skipped as already present, 2 rejected rows left out.");
    expect((await user.api.runs.get.query({ modelId: model.id, runId: run?.id ?? 0 })).headline.fills).toBe(2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("imports a 25,000-row IBKR Flex file in batches, its progress bar moving batch by batch", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const folder = await mkdtemp(join(tmpdir(), "parley-fills-"));
    const path = join(folder, "flex-trades.csv");
    await writeFile(path, ibkrFile(25_000));
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: `/m/${model.id}/new` });
    await page.getByRole("button", { name: "Model details" }).click();
    const runs = page.getByTestId("details-panel").getByRole("region", { name: "Runs" });
    await dropZone(runs).locator('input[type="file"]').setInputFiles(path);
    expect(await dialog(page).getByRole("combobox", { name: "Format" }).inputValue()).toBe("ibkr");
    await dialog(page).getByRole("button", { name: "Check the file" }).click();
    await dialog(page).getByTestId("scan-summary").waitFor();
    expect(await dialog(page).getByTestId("scan-summary").textContent()).toBe("25,000 valid fills, 0 rejected rows, 0 skipped rows.");
    // Every value the progress bar takes, seen as the page renders it.
    await page.evaluate(() => {
      const seen: number[] = [];
      Object.assign(window, { progressSeen: seen });
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Import progress"]');
        if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await dialog(page).getByRole("button", { name: "Import 25,000 fills" }).click();
    await dialog(page).getByTestId("import-outcome").waitFor({ timeout: 60_000 });
    expect(await dialog(page).getByTestId("import-outcome").textContent()).toBe("25,000 fills imported, 0 skipped as already present.");
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen).toEqual([0, 5_000, 10_000, 15_000, 20_000]);
    const [run] = await user.api.runs.list.query({ modelId: model.id });
    // Each pair: 10 bought at 100, sold at 101, 0.5 of commission each way.
    expect([run?.headline.fills, run?.headline.netRealizedPnl]).toEqual([25_000, 12_500 * 9]);
    expect(problems).toEqual([]);
    await context.close();
    await rm(folder, { recursive: true, force: true });
  });
});

/** An IBKR Flex trades file of `rows` trades, a second apart from 09:30 New York time. */
function ibkrFile(rows: number): string {
  const lines = ['"AssetClass","Symbol","TradeID","IBOrderID","DateTime","Buy/Sell","Quantity","TradePrice","IBCommission","OrderType"'];
  const start = 9.5 * 3600;
  for (let index = 0; index < rows; index++) {
    const at = start + index;
    const time = [Math.floor(at / 3600), Math.floor(at / 60) % 60, at % 60].map((part) => String(part).padStart(2, "0")).join("");
    const buy = index % 2 === 0;
    lines.push(
      `STK,NVDA,${9_000_000 + index},${index},20260302;${time},${buy ? "BUY" : "SELL"},${buy ? 10 : -10},${buy ? 100 : 101},-0.5,LMT`,
    );
  }
  return lines.join("\n") + "\n";
}
