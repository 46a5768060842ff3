import type { ChatEvent } from "@parley/api";
import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// check_compliance judges a run's fills by the configuration version the run ran with, quotes the
// setting each fill broke and names the fill: the ten-fill run under a model that allowed only
// market orders and no shorting has exactly three known violations (fills 2, 3 and 6).
let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 20 } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

interface Violation {
  tradeId: number;
  rule: string;
  version: number | null;
  quotedRule: string;
}

interface ComplianceResult {
  configuration: { version: number };
  editsInForce: Array<{ version: number; inForceFrom: string }>;
  violationCount: number;
  violations: Violation[];
}

type Person = Awaited<ReturnType<TestServer["signUp"]>>;

/** Asks the run's assistant a question it answers by calling check_compliance; returns that call's result. */
async function checkCompliance(person: Person, modelId: number, runId: number): Promise<ComplianceResult> {
  provider.replies.push(
    { kind: "tool-calls", toolCalls: [{ id: "call_c", name: "check_compliance", arguments: "{}" }] },
    { kind: "text", text: "Checked." },
  );
  const sent = await person.api.chat.send.mutate({
    target: { context: { kind: "run", modelId, runId }, idempotencyKey: `key_${runId}_${Date.now()}` },
    content: "Did this run break any rule?",
  });
  const collected = await collectStream(person.api, { sessionId: sent.session.id, replyId: sent.reply?.messageId ?? -1 });
  const result = collected.events
    .map((e) => e.event)
    .find((e): e is Extract<ChatEvent, { type: "tool_result" }> => e.type === "tool_result");
  return JSON.parse(result?.result ?? "{}") as ComplianceResult;
}

describe("compliance with evidence", () => {
  it("finds every injected violation and no other, quoting the run's configuration version, after the model was edited", async () => {
    const person = await server.signUp();
    const model = await person.api.models.create.mutate({ ...modelConfig, allowShorting: false, allowedOrderTypes: ["market"] });
    const { startedAt, endedAt, startingCapital, fills, marks } = tenFillRun;
    const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id }, { startedAt, endedAt, startingCapital });
    await insertFills(server.database.prisma, run.id, fills);
    await insertMarks(server.database.prisma, run.id, marks);
    // Edited after the run: v2 allows everything the run did; the run's trades stay judged by v1.
    await person.api.models.update.mutate({ modelId: model.id, changes: { allowShorting: true, allowedOrderTypes: ["market", "limit"] } });
    const ids = (
      await server.database.prisma.trade.findMany({
        where: { runId: run.id },
        orderBy: [{ executedAt: "asc" }, { id: "asc" }],
        select: { id: true },
      })
    ).map((t) => t.id);

    const compliance = await checkCompliance(person, model.id, run.id);

    expect(compliance.configuration.version).toBe(1);
    // Fill 2: a limit order; fill 3 opens a short of 5 BBB; fill 6 sells 20 AAA holding 15.
    expect(compliance.violations.map((v) => [v.tradeId, v.rule, v.version, v.quotedRule])).toEqual([
      [ids[1], "order_type_not_allowed", 1, "configuration v1: “allowed order types: market”"],
      [ids[2], "shorting_disallowed", 1, "configuration v1: “short selling: not allowed”"],
      [ids[5], "shorting_disallowed", 1, "configuration v1: “short selling: not allowed”"],
    ]);
    expect(compliance.violationCount).toBe(3);
    expect(compliance.editsInForce).toEqual([]);
  });

  // v1 forbids shorting and allows limit orders; v2, made between the second and third fills,
  // allows shorting and forbids limit orders. Each pair of fills opens a short at market and
  // covers it with a limit order.
  const editAt = new Date("2026-01-10T12:00:00Z");
  const fill = (id: number, side: "buy" | "sell", orderType: "market" | "limit", at: string) => ({
    id,
    symbol: "AAA",
    assetType: "stock" as const,
    side,
    quantity: 5,
    price: 100,
    fees: 0,
    orderType,
    executedAt: new Date(at),
  });
  const shortThenCover = [
    fill(1, "sell", "market", "2026-01-08T15:00:00Z"),
    fill(2, "buy", "limit", "2026-01-09T15:00:00Z"),
    fill(3, "sell", "market", "2026-01-12T15:00:00Z"),
    fill(4, "buy", "limit", "2026-01-13T15:00:00Z"),
  ];

  async function runEditedBetweenTrades(kind: "backtest" | "live") {
    const person = await server.signUp();
    const model = await person.api.models.create.mutate({ ...modelConfig, allowShorting: false, allowedOrderTypes: ["market", "limit"] });
    const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id }, { kind });
    await insertFills(server.database.prisma, run.id, shortThenCover);
    await person.api.models.update.mutate({ modelId: model.id, changes: { allowShorting: true, allowedOrderTypes: ["market"] } });
    // The edit really happens now; its stored time is moved between the run's fills (January).
    await server.database.prisma.modelVersion.update({
      where: { modelId_version: { modelId: model.id, version: 2 } },
      data: { createdAt: editAt },
    });
    // A later edit, after the run ended, judges none of its trades.
    await person.api.models.update.mutate({ modelId: model.id, changes: { allowShorting: false, allowedOrderTypes: ["market"] } });
    const ids = (
      await server.database.prisma.trade.findMany({ where: { runId: run.id }, orderBy: { executedAt: "asc" }, select: { id: true } })
    ).map((t) => t.id);
    return { ids, compliance: await checkCompliance(person, model.id, run.id) };
  }

  it("judges a live run's trades by the version in force at each: the edit between them allows shorting and forbids limit orders", async () => {
    const { ids, compliance } = await runEditedBetweenTrades("live");

    expect(compliance.configuration.version).toBe(1);
    expect(compliance.editsInForce.map((edit) => [edit.version, edit.inForceFrom])).toEqual([[2, "2026-01-10T12:00:00Z"]]);
    // Fill 1 shorts under v1 (forbidden); fill 2's limit order is allowed by v1; fill 3 shorts
    // under v2 (allowed); fill 4's limit order is forbidden by v2.
    expect(compliance.violations.map((v) => [v.tradeId, v.rule, v.version, v.quotedRule])).toEqual([
      [ids[0], "shorting_disallowed", 1, "configuration v1: “short selling: not allowed”"],
      [ids[3], "order_type_not_allowed", 2, "configuration v2: “allowed order types: market”"],
    ]);
    expect(compliance.violationCount).toBe(2);
  });

  it("judges a backtest's trades by its own version, whatever their simulated times", async () => {
    const { ids, compliance } = await runEditedBetweenTrades("backtest");

    expect(compliance.editsInForce).toEqual([]);
    expect(compliance.violations.map((v) => [v.tradeId, v.rule, v.version])).toEqual([
      [ids[0], "shorting_disallowed", 1],
      [ids[2], "shorting_disallowed", 1],
    ]);
    expect(compliance.violationCount).toBe(2);
  });
});
