import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { pathOf } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("models", () => {
  it("creates a model with a validated form, edits it and deletes it", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/models" });
    await page.getByRole("heading", { name: "No models yet" }).waitFor();
    await screenshot(page, "desktop-models-empty");
    await page.getByRole("link", { name: "Create your first model" }).click();
    await page.getByRole("heading", { name: "New model" }).waitFor();

    await page.getByLabel("Buying power (USD)").fill("-5");
    await page.getByLabel("Symbols").fill("AAPL, NOT A $YMBOL");
    await page.getByRole("checkbox", { name: "Market", exact: true }).uncheck();
    await page.getByRole("checkbox", { name: "Limit", exact: true }).uncheck();
    await page.getByRole("button", { name: "Create model" }).click();
    await page.getByText("A name is required").waitFor();
    await page.getByText("Buying power cannot be negative").waitFor();
    await page.getByText("“$YMBOL” is not a ticker symbol").waitFor();
    await page.getByText("Allow at least one order type").waitFor();
    await screenshot(page, "desktop-model-form-errors");

    await page.getByLabel("Name", { exact: true }).fill("Swing Trader");
    await page.getByLabel("Buying power (USD)").fill("100000");
    await page.getByLabel("Symbols").fill("spy, qqq");
    await page.getByLabel("Style").selectOption("swing");
    await page.getByLabel("Instrument").selectOption("etfs");
    await page.getByRole("checkbox", { name: "Limit", exact: true }).check();
    // The switch's input is visually hidden off screen, where a pointer cannot reach it: click it
    // the way assistive technology does.
    const hedging = page.getByRole("switch", { name: /Allow hedging/ });
    await hedging.evaluate((input) => (input as HTMLInputElement).click());
    expect(await hedging.isChecked()).toBe(true);
    await page.getByLabel("Custom rules").fill("Never hold more than 3 positions.");
    // The server's own zod messages reach the form too: send a symbol the form would refuse.
    await page.route("**/trpc/models.create**", async (route) => {
      const body = (route.request().postData() ?? "").replace('"SPY"', '"BAD SYMBOL!"');
      await route.continue({ postData: body });
    });
    await page.getByRole("button", { name: "Create model" }).click();
    await page.getByText("Not a ticker symbol").first().waitFor();
    await page.unroute("**/trpc/models.create**");
    await page.getByRole("button", { name: "Create model" }).click();
    await expect.poll(() => pathOf(page)).toMatch(/^\/m\/\d+\/new$/);
    const modelId = Number(pathOf(page).split("/")[2]);
    const saved = await app.server.prisma.tradingModel.findUniqueOrThrow({ where: { id: modelId } });
    expect(saved).toMatchObject({
      name: "Swing Trader",
      tradingStyle: "swing",
      instrument: "etfs",
      symbols: ["SPY", "QQQ"],
      allowHedging: true,
      allowedOrderTypes: ["limit"],
    });

    await page.goto(`${app.server.url}/models/${modelId}/edit`);
    await page.getByLabel("Name", { exact: true }).fill("Swing Trader II");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => pathOf(page)).toMatch(new RegExp(`^/m/${modelId}/new$`));
    await page.getByTestId("model-nav-item").filter({ hasText: "Swing Trader II" }).waitFor();

    await page.goto(`${app.server.url}/models`);
    await page.getByTestId("model-card").first().waitFor();
    await screenshot(page, "desktop-models");
    await page.getByRole("button", { name: "Delete Swing Trader II" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete model" }).click();
    await page.getByRole("heading", { name: "Deleted models" }).waitFor();
    expect((await app.server.prisma.tradingModel.findUniqueOrThrow({ where: { id: modelId } })).deletedAt).not.toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
