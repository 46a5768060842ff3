import type { ChatEvent } from "@parley/api";
import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// Model conversations through the real server: the `openai` SDK against the scripted upstream
// asks for list_runs / compare_runs, which the engine runs over the model's stored runs.
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

const key = () => `key_${Math.random().toString(36).slice(2, 12)}`;
type ToolResult = Extract<ChatEvent, { type: "tool_result" }>;

/** A user whose model has the ten-fill run twice, the second without its last fill. */
async function userWithRuns(target: TestServer) {
  const person = await target.signUp();
  const model = await person.api.models.create.mutate(modelConfig);
  const { startedAt, endedAt, startingCapital, fills, marks } = tenFillRun;
  const runs = [];
  for (const kept of [fills, fills.slice(0, 9)]) {
    const run = await createRun(target.database.prisma, { id: model.id, userId: person.user.id }, { startedAt, endedAt, startingCapital });
    await insertFills(target.database.prisma, run.id, kept);
    await insertMarks(target.database.prisma, run.id, marks);
    runs.push(run);
  }
  return { ...person, model, runs };
}

async function askModel(owner: Awaited<ReturnType<typeof userWithRuns>>, content: string) {
  const sent = await owner.api.chat.send.mutate({
    target: { context: { kind: "model", modelId: owner.model.id }, idempotencyKey: key() },
    content,
  });
  const replyId = sent.reply?.messageId ?? -1;
  const collected = await collectStream(owner.api, { sessionId: sent.session.id, replyId });
  const events = collected.events.map((e) => e.event);
  return { collected, results: events.filter((e): e is ToolResult => e.type === "tool_result") };
}

describe("tools over a model's runs", () => {
  it("offers list_runs and compare_runs in a model conversation and runs them on the server", async () => {
    const owner = await userWithRuns(server);
    const [full, partial] = owner.runs.map((run) => run.id);
    provider.replies.push(
      {
        kind: "tool-calls",
        toolCalls: [
          { id: "call_list", name: "list_runs", arguments: "{}" },
          { id: "call_cmp", name: "compare_runs", arguments: JSON.stringify({ runIds: [full, partial] }) },
        ],
      },
      { kind: "text", text: "Compared." },
    );
    const { results } = await askModel(owner, "Which run was better?");
    const body = provider.streamRequests().at(-2)?.body as { tools?: Array<{ function: { name: string } }> };
    expect(body.tools?.map((tool) => tool.function.name)).toEqual(["list_runs", "compare_runs"]);
    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ["list_runs", true],
      ["compare_runs", true],
    ]);
    for (const result of results) expect(Date.parse(result.at)).toBeGreaterThan(Date.now() - 60_000);
    const listed = JSON.parse(results[0]?.result ?? "{}") as { runs: Array<{ runId: number; netRealizedPnl: number }> };
    // Without fill 10 (sell 4 BBB @ 45: +20 realized, 1 of fees) the second run nets −27 − 19 = −46.
    expect(listed.runs.map((run) => [run.runId, run.netRealizedPnl])).toEqual([
      [full, -27],
      [partial, -46],
    ]);
    const compared = JSON.parse(results[1]?.result ?? "{}") as { deltasFromFirst: Array<Record<string, number>>; warnings: string[] };
    expect(compared.deltasFromFirst[0]).toMatchObject({ runId: partial, realizedPnl: -20, totalFees: -1, fillCount: -1 });
    expect(compared.warnings).toEqual([]);
  });

  it("the offline assistant calls list_runs for a question about the model's runs", async () => {
    const offline = await startTestServer();
    try {
      const owner = await userWithRuns(offline);
      const sent = await owner.api.chat.send.mutate({
        target: { context: { kind: "model", modelId: owner.model.id }, idempotencyKey: key() },
        content: "Which of my runs was best?",
      });
      const collected = await collectStream(owner.api, { sessionId: sent.session.id, replyId: sent.reply?.messageId ?? -1 });
      const results = collected.events.map((e) => e.event).filter((e): e is ToolResult => e.type === "tool_result");
      expect(results.map((result) => [result.name, result.ok])).toEqual([["list_runs", true]]);
      expect(collected.text).toContain("runCount**: 2");
    } finally {
      await offline.stop();
    }
  });
});
