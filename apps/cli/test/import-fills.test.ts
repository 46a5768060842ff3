import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { startCliTestServer, type CliTestServer } from "./test-server.js";

// `parley runs import` against the real server: a new run from a file in batches, the same file
// again adding nothing, a file with bad rows refused whole (or its good rows kept on request).

let server: CliTestServer;
let workDir: string;
let person: Awaited<ReturnType<CliTestServer["account"]>>;
let modelId: number;

const fixture = (name: string) => fileURLToPath(new URL(`../../../packages/fill-files/fixtures/${name}`, import.meta.url));
const parley = (args: string[], input?: string) =>
  runCli(["--url", server.url, ...args], { configHome: workDir, ...(input === undefined ? {} : { input }) });
const storedFills = (runId: number) => server.database.prisma.trade.count({ where: { runId } });

/** 12,000 fills without ids (they are derived), two symbols, one a second apart. */
function bigGenericFile(): string {
  const start = Date.parse("2026-01-05T14:30:00Z");
  const lines = ["executed_at,symbol,side,quantity,price,fees,order_type"];
  for (let i = 0; i < 12_000; i++) {
    const side = i % 4 < 2 ? "buy" : "sell";
    lines.push(
      `${new Date(start + i * 1000).toISOString()},${i % 2 ? "MSFT" : "AAPL"},${side},${1 + (i % 3)},${(100 + (i % 50) / 4).toFixed(2)},0.01,market`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

beforeAll(async () => {
  server = await startCliTestServer();
  workDir = await mkdtemp(join(tmpdir(), "parley-import-"));
  person = await server.account();
  const model = await person.client.models.create.mutate({
    name: "Importer",
    defaultAiModel: "gpt-4o-mini",
    tradingMode: "live",
    tradingStyle: "swing",
    instrument: "stocks",
    symbols: ["AAPL", "MSFT"],
    marginAccount: false,
    buyingPower: 100_000,
    allowShorting: true,
    allowOptionsStrategies: false,
    allowHedging: false,
    allowedOrderTypes: ["market", "limit"],
  });
  modelId = model.id;
  const login = await parley(["login"], `${person.email}\n${person.password}\n`);
  expect(login.code).toBe(0);
});
afterAll(async () => {
  await person?.client.close();
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("parley runs import", () => {
  it("imports a file into a new run in batches with progress, and importing it again adds nothing", async () => {
    const file = join(workDir, "fills.csv");
    await writeFile(file, bigGenericFile());
    const first = await parley(["--json", "runs", "import", file, "--model", String(modelId)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.trim().split("\n")).toEqual([
      "imported 5,000 / 12,000 fills (41%), line 5,001",
      "imported 10,000 / 12,000 fills (83%), line 10,001",
      "imported 12,000 / 12,000 fills (100%), line 12,001",
    ]);
    const summary = JSON.parse(first.stdout) as { runId: number; inserted: number; duplicates: number };
    expect(summary).toMatchObject({ fills: 12_000, inserted: 12_000, duplicates: 0, rejected: 0 });
    expect(await storedFills(summary.runId)).toBe(12_000);
    const run = await person.client.runs.get.query({ modelId, runId: summary.runId });
    expect(run.headline.fills).toBe(12_000);
    expect(run.startedAt).toBe("2026-01-05T14:30:00.000Z");

    const again = await parley(["runs", "import", file, "--model", String(modelId), "--run", String(summary.runId)]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^Run ${summary.runId}: 0 fills imported, 12,000 already there, 0 rejected, 0 skipped`));
    expect(await storedFills(summary.runId)).toBe(12_000);
  }, 180_000);

  it("imports a JSON Lines file (told by its name) into an existing run, and again adds nothing", async () => {
    const run = await person.client.runs.create.mutate({
      modelId,
      kind: "backtest",
      startingCapital: 50_000,
      period: { start: "2026-02-02T00:00:00Z" },
    });
    const start = Date.parse("2026-02-02T14:30:00Z");
    const lines = Array.from({ length: 6_000 }, (_, i) =>
      JSON.stringify({
        fillId: `jl-${i}`,
        executedAt: new Date(start + i * 1000).toISOString(),
        symbol: i % 2 ? "MSFT" : "AAPL",
        side: i % 4 < 2 ? "buy" : "sell",
        quantity: 1 + (i % 3),
        price: 100 + (i % 40) / 4,
        fees: 0.01,
        orderType: "limit",
      }),
    );
    const file = join(workDir, "fills.jsonl");
    await writeFile(file, lines.join("\n") + "\n");
    const args = ["--json", "runs", "import", file, "--model", String(modelId), "--run", String(run.id)];
    const first = await parley(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.trim().split("\n")).toEqual([
      "imported 5,000 / 6,000 fills (83%), line 5,000",
      "imported 6,000 / 6,000 fills (100%), line 6,000",
    ]);
    expect(JSON.parse(first.stdout)).toMatchObject({ runId: run.id, fills: 6_000, inserted: 6_000, duplicates: 0, rejected: 0 });
    const again = await parley(args);
    expect(JSON.parse(again.stdout)).toMatchObject({ fills: 6_000, inserted: 0, duplicates: 6_000 });
    expect(await storedFills(run.id)).toBe(6_000);
  }, 120_000);

  it("refuses a JSON file with bad rows or broken syntax, saying where, and creates no run", async () => {
    const before = (await person.client.runs.list.query({ modelId })).length;
    const good = {
      fillId: "a",
      executedAt: "2026-02-03T15:00:00Z",
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      price: 10,
      orderType: "market",
    };
    const rows = join(workDir, "rows.txt");
    await writeFile(rows, JSON.stringify([good, { ...good, fillId: "b", venue: "X" }, { ...good, fillId: "c", quantity: "1" }]));
    const refused = await parley(["runs", "import", rows, "--model", String(modelId)]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('line 2: unknown field "venue"')]);
    expect(refused.stderr).toContain("line 3: quantity: quantity must be a number");
    expect(refused.stderr).toContain("2 rows rejected; nothing was imported (--keep-good imports the 1 valid fills)");
    const broken = join(workDir, "broken.json");
    await writeFile(broken, `[${JSON.stringify(good)}, {"fillId": ]`);
    const syntax = await parley(["runs", "import", broken, "--model", String(modelId), "--keep-good"]);
    expect([syntax.code, syntax.stderr]).toEqual([
      1,
      expect.stringMatching(/broken\.json: not valid JSON near byte \d+, after array element 1/),
    ]);
    expect((await person.client.runs.list.query({ modelId })).length).toBe(before);
  });

  it("refuses a file with bad rows whole, listing each by line, and creates no run", async () => {
    const before = (await person.client.runs.list.query({ modelId })).length;
    const result = await parley(["runs", "import", fixture("generic-mixed.csv"), "--model", String(modelId)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("line 4: symbol: not a ticker symbol");
    expect(result.stderr).toContain('line 7: price is not a number ("1,000")');
    expect(result.stderr).toContain("line 9: the row does not have the header's 11 cells");
    expect(result.stderr).toContain("7 rows rejected; nothing was imported (--keep-good imports the 3 valid fills)");
    expect((await person.client.runs.list.query({ modelId })).length).toBe(before);
  });

  it("keeps the good rows of an IBKR Flex file with --keep-good, reporting the rest", async () => {
    const result = await parley([
      "--json",
      "runs",
      "import",
      fixture("ibkr-flex-trades.csv"),
      "--model",
      String(modelId),
      "--format",
      "ibkr",
      "--keep-good",
      "--kind",
      "paper",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('line 7: DateTime "20260230;120000" is not yyyyMMdd;HHmmss');
    expect(result.stderr).toContain("line 6: skipped, a cancelled trade (Ca.)");
    const summary = JSON.parse(result.stdout) as { runId: number };
    expect(summary).toMatchObject({ fills: 5, inserted: 5, rejected: 2, skipped: 1 });
    const trades = await server.database.prisma.trade.findMany({
      where: { runId: summary.runId },
      orderBy: { executedAt: "asc" },
      select: { producerFillId: true, symbol: true },
    });
    expect(trades.map((trade) => trade.producerFillId)).toEqual(["512345678", "512345679", "512345680", "512345681", "512345685"]);
  });

  it("answers a wrong command line with exit code 2, and another user's model with a clear error", async () => {
    expect((await parley(["runs", "import", fixture("alpaca-activities.csv")])).stderr).toContain("needs --model ID");
    const format = await parley(["runs", "import", fixture("alpaca-activities.csv"), "--model", String(modelId), "--format", "csv"]);
    expect([format.code, format.stderr]).toEqual([2, expect.stringContaining('--format must be generic, alpaca, ibkr, json, not "csv"')]);
    const wrongFormat = await parley(["runs", "import", fixture("alpaca-activities.csv"), "--model", String(modelId), "--format", "ibkr"]);
    expect([wrongFormat.code, wrongFormat.stderr]).toEqual([
      1,
      expect.stringContaining("missing columns DateTime, Buy/Sell, Quantity, TradePrice"),
    ]);
    const stranger = await server.account();
    const other = await stranger.client.models.create.mutate({
      name: "Not yours",
      defaultAiModel: "gpt-4o-mini",
      tradingMode: "paper",
      tradingStyle: "swing",
      instrument: "stocks",
      symbols: ["AAPL"],
      marginAccount: false,
      buyingPower: 1_000,
      allowShorting: false,
      allowOptionsStrategies: false,
      allowHedging: false,
      allowedOrderTypes: ["market"],
    });
    const refused = await parley([
      "runs",
      "import",
      fixture("alpaca-activities.csv"),
      "--model",
      String(other.id),
      "--format",
      "alpaca",
      "--keep-good",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not found/i);
    await stranger.client.close();
  }, 120_000);
});
