import { createParleyClient } from "@parley/client";
import { messageText, type ChatRequest } from "@parley/scripted-openai";
import { describe, expect, it } from "vitest";
import { createUser, scalperConfig } from "./support/accounts";
import { systemPrompt } from "./support/assistant";
import { openApp } from "./support/browser";
import { assistantMessages, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

// The walk as a new user: a key made in the web app, a program using @parley/client with
// it to create a run and push 5,000 fills in batches, while the browser has the run's
// conversation open. The header moves with each batch; the next answer is written from the new
// figures, and its tool call lists the new trades.
const app = useAppUnderTest();

const BATCHES = 10;
const PER_BATCH = 500;

/** Fill `n` of the program's run: AAPL bought and sold in turn, one second apart. */
function fill(start: number, n: number) {
  return {
    fillId: `engine-${n}`,
    executedAt: new Date(start + (n + 1) * 1_000).toISOString(),
    symbol: "AAPL",
    side: n % 2 === 0 ? ("buy" as const) : ("sell" as const),
    quantity: 10,
    price: 190 + (n % 5),
    fees: 0.25,
    orderType: "market" as const,
  };
}

/** The parsed result of the tool call the request answers, if it answers one. */
function toolResult(request: ChatRequest): Record<string, unknown> | undefined {
  const message = request.body.messages.findLast((m) => m.role === "tool");
  return message ? (JSON.parse(messageText(message)) as Record<string, unknown>) : undefined;
}

describe("a run pushed by a program", () => {
  it("moves the open conversation's header live, the next answer and its tool see the new fills, and a revoked key stops it", async () => {
    const user = await createUser(app.server.url);
    const model = await user.api.models.create.mutate(scalperConfig);
    const { page, context } = await openApp(app.browser, app.server.url, { user, path: "/keys" });

    await page.getByLabel("Name").fill("Trading engine");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("new-key-secret").textContent()) ?? "";
    expect(secret).toMatch(/^pk_/);
    const listed = page.getByRole("table", { name: "Your API keys" });
    await listed.getByText("Trading engine").waitFor();
    // The list shows which key it is, never the secret.
    expect(await listed.textContent()).not.toContain(secret);

    const engine = createParleyClient({ url: app.server.url, apiKey: secret });
    const start = Date.now() - 2 * 86_400_000;
    const run = await engine.runs.create.mutate({
      modelId: model.id,
      kind: "live",
      startingCapital: 100_000,
      period: { start: new Date(start).toISOString() },
    });

    await page.goto(`${app.server.url}/m/${model.id}/runs/${run.id}/chat`);
    const fills = page.getByTestId("run-figures-fills");
    await expect.poll(() => fills.textContent()).toBe("0 fills");
    const seenAfter: number[] = [];
    for (let batch = 0; batch < BATCHES; batch++) {
      const rows = Array.from({ length: PER_BATCH }, (_, i) => fill(start, batch * PER_BATCH + i));
      await engine.runs.appendFills.mutate({ runId: run.id, fills: rows });
      const pushed = performance.now();
      await expect.poll(() => fills.textContent(), { timeout: 10_000 }).toBe(`${(batch + 1) * PER_BATCH} fills`);
      seenAfter.push(performance.now() - pushed);
    }
    console.log(`header showed each batch ${seenAfter.map((ms) => ms.toFixed(0)).join(", ")} ms after it was committed`);

    // The assistant lists trades, then answers from the figures it was told this turn.
    let toldFigures = "";
    app.server.assistant.onChat((request) => {
      const trades = toolResult(request);
      if (!trades) return { kind: "tool-calls", toolCalls: [{ name: "list_trades", arguments: "{}" }] };
      toldFigures = /Figures as of [^\n]*/.exec(systemPrompt(request))?.[0] ?? "";
      const listed = (trades.trades as unknown[] | undefined)?.length ?? 0;
      return `${toldFigures}. I listed ${listed} trades, the latest at ${String((trades.dataAsOf as { lastFillAt?: string } | undefined)?.lastFillAt)}.`;
    });
    await send(page, "What happened since the engine started?");
    const answer = (await assistantMessages(page).last().textContent()) ?? "";
    expect(toldFigures).toContain(`${BATCHES * PER_BATCH} fills`);
    expect(answer).toContain(`${BATCHES * PER_BATCH} fills`);
    expect(answer).toMatch(/I listed [1-9]\d* trades/);
    expect(answer).toContain(`the latest at ${new Date(start + BATCHES * PER_BATCH * 1_000).toISOString().replace(".000Z", "Z")}`);
    await expect.poll(() => page.getByTestId("tool-chip").first().textContent()).toContain("List trades");

    // Revoked in the web app: the program is refused on its next call.
    await page.goto(`${app.server.url}/keys`);
    await page.getByRole("button", { name: "Revoke Trading engine" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await listed.getByText(/^Revoked/).waitFor();
    await expect(engine.runs.list.query({ modelId: model.id })).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await engine.close();
    await context.close();
  }, 120_000);
});
