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
  quotedRule: string;
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

    provider.replies.push(
      { kind: "tool-calls", toolCalls: [{ id: "call_c", name: "check_compliance", arguments: "{}" }] },
      { kind: "text", text: "Three violations." },
    );
    const sent = await person.api.chat.send.mutate({
      target: { context: { kind: "run", modelId: model.id, runId: run.id }, idempotencyKey: `key_${Date.now()}` },
      content: "Did this run break any rule?",
    });
    const collected = await collectStream(person.api, { sessionId: sent.session.id, replyId: sent.reply?.messageId ?? -1 });
    const result = collected.events
      .map((e) => e.event)
      .find((e): e is Extract<ChatEvent, { type: "tool_result" }> => e.type === "tool_result");
    const compliance = JSON.parse(result?.result ?? "{}") as {
      configuration: { version: number };
      violationCount: number;
      violations: Violation[];
    };

    expect(compliance.configuration.version).toBe(1);
    // Fill 2: a limit order; fill 3 opens a short of 5 BBB; fill 6 sells 20 AAA holding 15.
    expect(compliance.violations.map((v) => [v.tradeId, v.rule, v.quotedRule])).toEqual([
      [ids[1], "order_type_not_allowed", "configuration v1: “allowed order types: market”"],
      [ids[2], "shorting_disallowed", "configuration v1: “short selling: not allowed”"],
      [ids[5], "shorting_disallowed", "configuration v1: “short selling: not allowed”"],
    ]);
    expect(compliance.violationCount).toBe(3);
  });
});
