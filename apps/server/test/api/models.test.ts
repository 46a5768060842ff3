import { createRun } from "@parley/db/testing";
import { defaultAllowedAiModels } from "@parley/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, modelConfig, startTestServer, unchecked, type TestServer } from "../harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

type ModelConfig = typeof modelConfig;
const modelRows = () => server.database.prisma.tradingModel.count();

describe("models", () => {
  it("creates, lists newest first, and gets a model with every field as sent", async () => {
    const { api } = await server.signUp();
    const first = await api.models.create.mutate(modelConfig);
    const second = await api.models.create.mutate({ ...modelConfig, name: "Swing", tradingStyle: "swing" });
    expect(first).toMatchObject({ ...modelConfig, symbols: ["AAPL", "MSFT"], deletedAt: null });
    expect((await api.models.list.query()).map((m) => m.id)).toEqual([second.id, first.id]);
    expect(await api.models.get.query({ modelId: first.id })).toEqual(first);
  });

  it("applies a partial update and leaves every other field untouched", async () => {
    const { api } = await server.signUp();
    const created = await api.models.create.mutate(modelConfig);
    const renamed = await api.models.update.mutate({ modelId: created.id, changes: { name: "Renamed", buyingPower: 1_000 } });
    const { updatedAt: _before, ...unchanged } = created;
    expect(renamed).toMatchObject({ ...unchanged, name: "Renamed", buyingPower: 1_000 });
    const cleared = await api.models.update.mutate({ modelId: created.id, changes: { customRules: null } });
    expect(cleared).toMatchObject({ customRules: null, customInstructions: "Be brief.", symbols: ["AAPL", "MSFT"] });
    expect(cleared.allowedOrderTypes).toEqual(["market", "limit"]);
  });

  it("soft-deletes: gone from the list, still readable, no longer editable", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    const deleted = await api.models.delete.mutate({ modelId: model.id });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await api.models.list.query()).toEqual([]);
    expect((await api.models.list.query({ includeDeleted: true })).map((m) => m.id)).toEqual([model.id]);
    expect(await api.models.get.query({ modelId: model.id })).toMatchObject({ id: model.id, name: model.name });
    expect(await server.database.prisma.tradingModel.count({ where: { id: model.id } })).toBe(1);
    expect((await failureOf(api.models.delete.mutate({ modelId: model.id }))).code).toBe("NOT_FOUND");
    const edit = await failureOf(api.models.update.mutate({ modelId: model.id, changes: { name: "Zombie" } }));
    expect(edit.code).toBe("NOT_FOUND");
  });

  it("accepts custom rules of exactly 4,000 characters", async () => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate({ ...modelConfig, customRules: "r".repeat(4_000) });
    expect(model.customRules).toHaveLength(4_000);
  });
});

/** Each invalid configuration: what changes, the path the message names, and what it says. */
const invalidChanges: Array<[string, Record<string, unknown>, string, string]> = [
  ["negative buying power", { buyingPower: -0.01 }, "buyingPower", "Buying power cannot be negative"],
  ["an unknown order type", { allowedOrderTypes: ["market", "iceberg"] }, "allowedOrderTypes.1", "Invalid option"],
  ["repeated order types", { allowedOrderTypes: ["limit", "limit"] }, "allowedOrderTypes", "Order types must not repeat"],
  ["no order types", { allowedOrderTypes: [] }, "allowedOrderTypes", "Allow at least one order type"],
  ["custom rules over 4,000 characters", { customRules: "r".repeat(4_001) }, "customRules", "At most 4,000 characters"],
  ["instructions over 4,000 characters", { customInstructions: "i".repeat(4_001) }, "customInstructions", "At most 4,000"],
  ["an unknown field", { leverage: 10 }, "", 'Unrecognized key: "leverage"'],
  ["a number sent as a string", { buyingPower: "50000" }, "buyingPower", "Invalid input: expected number"],
  ["a string sent as a boolean", { allowShorting: "yes" }, "allowShorting", "Invalid input: expected boolean"],
  ["an unknown trading style", { tradingStyle: "hodl" }, "tradingStyle", "Invalid option"],
  ["a blank name", { name: "   " }, "name", "A name is required"],
  ["a malformed symbol", { symbols: ["AAPL", "NOT A TICKER"] }, "symbols.1", "Not a ticker symbol"],
];

/** The message names the offending field by its path within the input. */
const described = (path: string, message: string) => (path ? `${path}: ${message}` : message);

describe("model validation", () => {
  it.each(invalidChanges)("create refuses %s and writes nothing", async (_case, change, path, message) => {
    const { api } = await server.signUp();
    const before = await modelRows();
    const failure = await failureOf(api.models.create.mutate(unchecked<ModelConfig>({ ...modelConfig, ...change })));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT", httpStatus: 400 });
    expect(failure.message).toContain(described(path, message));
    expect(await modelRows()).toBe(before);
  });

  it.each(invalidChanges)("update refuses %s and changes nothing", async (_case, change, path, message) => {
    const { api } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    const failure = await failureOf(api.models.update.mutate({ modelId: model.id, changes: unchecked<Partial<ModelConfig>>(change) }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", appCode: "INVALID_INPUT" });
    expect(failure.message).toContain(described(path ? `changes.${path}` : "changes", message));
    expect(await api.models.get.query({ modelId: model.id })).toEqual(model);
  });

  it("refuses a create with a required field missing", async () => {
    const { api } = await server.signUp();
    const { tradingMode: _missing, ...incomplete } = modelConfig;
    const before = await modelRows();
    const failure = await failureOf(api.models.create.mutate(unchecked<ModelConfig>(incomplete)));
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.message).toContain("tradingMode: Invalid option");
    expect(await modelRows()).toBe(before);
  });
});

type Fill = { symbol: string; side: "buy" | "sell"; quantity: number; price: number; fees: number; realizedPnl: number };

async function insertFills(runId: number, fills: Fill[]) {
  await server.database.prisma.trade.createMany({
    data: fills.map((fill, i) => ({ ...fill, runId, orderType: "market" as const, executedAt: new Date(Date.UTC(2026, 0, 6, 15, i)) })),
  });
}

describe("the operator's AI models", () => {
  it("offers the allowed AI models, and refuses any other on create and update, naming the choices", async () => {
    const { api } = await server.signUp();
    const { allowed } = await api.models.aiModels.query();
    expect(allowed).toEqual(defaultAllowedAiModels);
    const before = await modelRows();
    const refused = await failureOf(api.models.create.mutate({ ...modelConfig, defaultAiModel: "o1-pro-2025-03-19" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", appCode: "AI_MODEL_NOT_ALLOWED", httpStatus: 400 });
    expect(refused.message).toBe(`The AI model "o1-pro-2025-03-19" is not offered here; choose one of: ${allowed.join(", ")}`);
    expect(await modelRows()).toBe(before);

    const model = await api.models.create.mutate({ ...modelConfig, defaultAiModel: allowed[1] ?? "" });
    const update = await failureOf(api.models.update.mutate({ modelId: model.id, changes: { defaultAiModel: "o1-pro" } }));
    expect(update.appCode).toBe("AI_MODEL_NOT_ALLOWED");
    expect((await api.models.get.query({ modelId: model.id })).defaultAiModel).toBe(allowed[1]);
    // A change that leaves the AI model alone is not affected.
    expect((await api.models.update.mutate({ modelId: model.id, changes: { name: "Renamed" } })).name).toBe("Renamed");
  });
});

describe("run headline figures", () => {
  // Hand-computed: realized 55.10 - 9.03 + 0.40 = 46.47; fees 1.00 + 1.05 + 0.35 + 0.35 + 0.15 + 0.15 = 3.05.
  const dayFills: Fill[] = [
    { symbol: "AAPL", side: "buy", quantity: 10, price: 180, fees: 1, realizedPnl: 0 },
    { symbol: "AAPL", side: "sell", quantity: 10, price: 185.51, fees: 1.05, realizedPnl: 55.1 },
    { symbol: "MSFT", side: "buy", quantity: 3, price: 401.01, fees: 0.35, realizedPnl: 0 },
    { symbol: "MSFT", side: "sell", quantity: 3, price: 398, fees: 0.35, realizedPnl: -9.03 },
    { symbol: "F", side: "buy", quantity: 4, price: 12, fees: 0.15, realizedPnl: 0 },
    { symbol: "F", side: "sell", quantity: 4, price: 12.1, fees: 0.15, realizedPnl: 0.4 },
  ];
  // One scalp whose net is 0.30 - 0.10: exactly 0.20, not what binary floating point makes of it.
  const scalp: Fill[] = [
    { symbol: "SPY", side: "buy", quantity: 1, price: 500, fees: 0.05, realizedPnl: 0 },
    { symbol: "SPY", side: "sell", quantity: 1, price: 500.3, fees: 0.05, realizedPnl: 0.3 },
  ];

  it("lists runs newest first with fills, symbols, realized P&L, fees and net as computed by hand", async () => {
    const { api, user } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    const day = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    const quick = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    const empty = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    await insertFills(day.id, dayFills);
    await insertFills(quick.id, scalp);
    const runs = await api.runs.list.query({ modelId: model.id });
    expect(runs.map((r) => r.id)).toEqual([empty.id, quick.id, day.id]);
    expect(runs.find((r) => r.id === day.id)?.headline).toEqual({
      fills: 6,
      symbols: 3,
      realizedPnl: 46.47,
      fees: 3.05,
      netRealizedPnl: 43.42,
    });
    expect(runs.find((r) => r.id === quick.id)?.headline).toEqual({
      fills: 2,
      symbols: 1,
      realizedPnl: 0.3,
      fees: 0.1,
      netRealizedPnl: 0.2,
    });
    expect(runs.find((r) => r.id === empty.id)?.headline).toEqual({ fills: 0, symbols: 0, realizedPnl: 0, fees: 0, netRealizedPnl: 0 });
  });

  it("gets one run with the same figures as the list, and only under its own model", async () => {
    const { api, user } = await server.signUp();
    const model = await api.models.create.mutate(modelConfig);
    const other = await api.models.create.mutate({ ...modelConfig, name: "Other" });
    const run = await createRun(server.database.prisma, { id: model.id, userId: user.id });
    await insertFills(run.id, dayFills);
    const got = await api.runs.get.query({ modelId: model.id, runId: run.id });
    expect(got).toEqual((await api.runs.list.query({ modelId: model.id }))[0]);
    expect(got).toMatchObject({ modelId: model.id, status: "completed", startingCapital: 10_000, endedAt: "2026-01-30T21:00:00.000Z" });
    expect((await failureOf(api.runs.get.query({ modelId: other.id, runId: run.id }))).code).toBe("NOT_FOUND");
    expect(await api.runs.list.query({ modelId: other.id })).toEqual([]);
  });
});
