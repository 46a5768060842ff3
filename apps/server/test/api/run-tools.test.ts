import type { ChatEvent } from "@parley/api";
import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import type { Reply } from "@parley/scripted-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// Run conversations through the real server: the real `openai` SDK against the scripted
// OpenAI server asks for tools, the engine runs them on the server over PostgreSQL (the engine's
// default toolbox, bound to the conversation's run), streams their events and saves their use.
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

/** A user whose model has the ten-fill run (packages/trading's hand-worked fixture). */
async function userWithRun(target: TestServer) {
  const person = await target.signUp();
  const model = await person.api.models.create.mutate(modelConfig);
  const { startedAt, endedAt, startingCapital, fills, marks } = tenFillRun;
  const run = await createRun(target.database.prisma, { id: model.id, userId: person.user.id }, { startedAt, endedAt, startingCapital });
  await insertFills(target.database.prisma, run.id, fills);
  await insertMarks(target.database.prisma, run.id, marks);
  return { ...person, model, run };
}

async function ask(owner: Awaited<ReturnType<typeof userWithRun>>, content: string, target = server) {
  const sent = await owner.api.chat.send.mutate({
    target: { context: { kind: "run", modelId: owner.model.id, runId: owner.run.id }, idempotencyKey: key() },
    content,
  });
  const replyId = sent.reply?.messageId ?? -1;
  const collected = await collectStream(owner.api, { sessionId: sent.session.id, replyId });
  const stored = await target.database.prisma.chatMessage.findUniqueOrThrow({ where: { id: replyId } });
  return { collected, stored, events: collected.events.map((e) => e.event) };
}

type ToolEvent<T extends "tool_call" | "tool_result"> = Extract<ChatEvent, { type: T }>;
const toolResults = (events: ChatEvent[]) => events.filter((e): e is ToolEvent<"tool_result"> => e.type === "tool_result");
const parsed = (event: ToolEvent<"tool_result"> | undefined) => JSON.parse(event?.result ?? "null") as Record<string, unknown>;
/** The messages of the n-th streamed request this test made (earlier tests made earlier ones). */
const requestBody = (fromEnd: number) =>
  provider.streamRequests().at(-fromEnd)?.body as {
    messages: Array<{ role: string; content: string | null; tool_call_id?: string }>;
    tools?: Array<{ function: { name: string } }>;
  };

describe("tools in run conversations", () => {
  it("runs a tool call on the server, streams its events before the answer, and saves its use", async () => {
    const owner = await userWithRun(server);
    provider.replies.push(
      { kind: "tool-calls", text: "Let me look. ", toolCalls: [{ id: "call_overview", name: "get_run_overview", arguments: "{}" }] },
      { kind: "text", text: "The run ended at $9,997: down $3.", chunkSize: 5 },
    );
    const { collected, stored, events } = await ask(owner, "How did this run do?");
    const types = events.map((event) => event.type);
    expect(types.indexOf("tool_call")).toBeGreaterThan(types.indexOf("reply_started"));
    expect(types.indexOf("tool_result")).toBeGreaterThan(types.indexOf("tool_call"));
    expect(types.lastIndexOf("delta")).toBeGreaterThan(types.indexOf("tool_result"));
    expect(events.find((e) => e.type === "tool_call")).toMatchObject({
      callId: "call_overview",
      name: "get_run_overview",
      arguments: "{}",
    });
    const [result] = toolResults(events);
    expect(result).toMatchObject({ callId: "call_overview", ok: true });
    expect(parsed(result)).toMatchObject({ run: { id: owner.run.id }, endingEquity: 9_997, totalPnl: -3, fillCount: 10, winRate: 0.5 });
    expect(collected.text).toBe("Let me look. The run ended at $9,997: down $3.");
    expect(collected.done).toMatchObject({ status: "complete", error: null });
    expect(stored).toMatchObject({
      status: "complete",
      content: collected.text,
      toolsUsed: [{ name: "get_run_overview", arguments: "{}", ok: true }],
    });
    const followUp = requestBody(1);
    expect(followUp.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_overview", content: result?.result });
    expect(requestBody(2).tools?.map((tool) => tool.function.name)).toContain("check_compliance");
    const listed = await owner.api.sessions.messages.query({ sessionId: stored.sessionId });
    expect(listed.messages.at(-1)?.toolsUsed).toMatchObject([
      { name: "get_run_overview", arguments: "{}", ok: true, result: { run: { id: expect.any(Number) } } },
    ]);
  });

  it("runs parallel calls whose arguments arrive split across interleaved chunks", async () => {
    const owner = await userWithRun(server);
    provider.replies.push(
      {
        kind: "tool-calls",
        toolCalls: [
          { id: "call_positions", name: "get_positions", arguments: JSON.stringify({ at: "2024-01-03T12:00:00Z" }) },
          { id: "call_trades", name: "list_trades", arguments: JSON.stringify({ symbol: "AAA", sort: "realized_pnl", limit: 2 }) },
        ],
        splitArguments: 5,
        interleave: true,
      },
      { kind: "text", text: "Short 3 AAA mid-run; best AAA fills listed." },
    );
    const { stored, events } = await ask(owner, "What was open on Jan 3 and which AAA trades did best?");
    const results = toolResults(events);
    expect(results.map((r) => [r.callId, r.ok])).toEqual([
      ["call_positions", true],
      ["call_trades", true],
    ]);
    expect(parsed(results[0])).toMatchObject({ positions: [{ symbol: "AAA", quantity: -3, averagePrice: 100, unrealizedPnl: -24 }] });
    expect(parsed(results[1])).toMatchObject({
      trades: [
        { symbol: "AAA", realizedPnl: 50 },
        { symbol: "AAA", realizedPnl: 8 },
      ],
    });
    expect(stored.toolsUsed).toMatchObject([
      { name: "get_positions", ok: true },
      { name: "list_trades", ok: true },
    ]);
    const tools = requestBody(1)
      .messages.filter((m) => m.role === "tool")
      .map((m) => m.tool_call_id);
    expect(tools).toEqual(["call_positions", "call_trades"]);
  });

  it("gives bad arguments and unknown tools back to the model as errors, then takes its answer", async () => {
    const owner = await userWithRun(server);
    provider.replies.push(
      { kind: "tool-calls", toolCalls: [{ id: "call_json", name: "list_trades", arguments: '{"limit": 5' }] },
      { kind: "tool-calls", toolCalls: [{ id: "call_type", name: "list_trades", arguments: '{"limit": "five"}' }] },
      { kind: "tool-calls", toolCalls: [{ id: "call_name", name: "get_everything", arguments: "{}" }] },
      { kind: "text", text: "I could not list the trades." },
    );
    const { collected, stored, events } = await ask(owner, "List my trades");
    const results = toolResults(events);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(parsed(results[0]).error).toMatch(/not valid JSON/);
    expect(parsed(results[1]).error).toMatch(/^Invalid arguments: limit: Invalid input: expected number/);
    expect(parsed(results[2]).error).toMatch(/^Unknown tool "get_everything"\. Available tools: get_run_overview, list_trades/);
    expect(collected).toMatchObject({ text: "I could not list the trades.", done: { status: "complete", error: null } });
    expect(stored.toolsUsed).toMatchObject([
      { name: "list_trades", arguments: '{"limit": 5', ok: false },
      { name: "list_trades", arguments: '{"limit": "five"}', ok: false },
      { name: "get_everything", arguments: "{}", ok: false },
    ]);
  });

  it("ends a reply whose model keeps calling tools, clearly, after the round limit", async () => {
    const owner = await userWithRun(server);
    const endless: Reply = { kind: "tool-calls", toolCalls: [{ name: "get_run_overview", arguments: "{}" }] };
    const before = provider.streamRequests().length;
    provider.replies.push(...Array.from({ length: 6 }, () => endless));
    const { collected, stored, events } = await ask(owner, "How did it go?");
    expect(provider.streamRequests().length - before).toBe(6);
    expect(toolResults(events)).toHaveLength(5);
    expect(collected.done).toMatchObject({ status: "complete", error: null });
    expect(collected.text).toMatch(/Stopped after 5 rounds of tool calls without a final answer/);
    expect(stored).toMatchObject({ status: "complete", content: collected.text });
    expect(stored.toolsUsed).toHaveLength(5);
  });

  it("never reads another user's run: ids are not arguments, and every result is the bound run's", async () => {
    const owner = await userWithRun(server);
    const other = await userWithRun(server);
    await server.database.prisma.trade.updateMany({ where: { runId: other.run.id }, data: { symbol: "OTHER" } });
    provider.replies.push(
      {
        kind: "tool-calls",
        toolCalls: [
          { id: "call_named", name: "list_trades", arguments: JSON.stringify({ runId: other.run.id, userId: other.user.id }) },
          { id: "call_symbol", name: "list_trades", arguments: JSON.stringify({ symbol: "OTHER" }) },
          { id: "call_all", name: "get_symbol_breakdown", arguments: "{}" },
        ],
      },
      { kind: "text", text: "Only your run." },
    );
    const { events } = await ask(owner, "Show me the other run");
    const [named, bySymbol, breakdown] = toolResults(events);
    expect(named?.ok).toBe(false);
    expect(parsed(named).error).toMatch(/take no run, model or user id/);
    expect(parsed(bySymbol)).toMatchObject({ trades: [], nextCursor: null });
    expect((parsed(breakdown).symbols as Array<{ symbol: string }>).map((row) => row.symbol)).toEqual(["AAA", "BBB"]);
    // There was something to find: the other run's ten fills, all OTHER now.
    expect(await server.database.prisma.trade.count({ where: { symbol: "OTHER" } })).toBe(10);
  });
});

describe("the offline assistant in a run conversation", () => {
  it("calls get_run_overview and reports the run's real figures", async () => {
    const offline = await startTestServer();
    try {
      const owner = await userWithRun(offline);
      const { collected, stored, events } = await ask(owner, "How did this run perform?", offline);
      expect(events.find((e) => e.type === "tool_call")).toMatchObject({ name: "get_run_overview" });
      expect(toolResults(events)[0]?.ok).toBe(true);
      expect(stored.toolsUsed).toMatchObject([{ name: "get_run_overview", ok: true }]);
      const [sql] = await offline.database.sql.query<{ equity: number; realized: number; fees: number; fills: number }>(ENDING_FIGURES, [
        owner.run.id,
      ]);
      const money = (value: number | undefined) =>
        `${(value ?? 0) < 0 ? "-" : ""}$${Math.abs(value ?? 0).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      expect(collected.text).toContain(`| Ending equity | ${money(sql?.equity)} |`);
      expect(collected.text).toContain(`| Realized P&L (before fees) | ${money(sql?.realized)} |`);
      expect(collected.text).toContain(`| Fees | ${money(sql?.fees)} |`);
      expect(collected.text).toContain(`| Fills | ${sql?.fills} (6 closing) |`);
      expect(collected.text).toContain(`lost money: ${money((sql?.equity ?? 0) - 10_000)} on $10,000.00`);
      expect(collected.text).toContain("- BBB: 6 @ 40 (unrealized $24.00)");
    } finally {
      await offline.stop();
    }
  });
});

/** The run's ending figures in plain SQL: cash plus open quantities at the last mark before the end. */
const ENDING_FIGURES = `
  WITH positions AS (
    SELECT symbol, sum(CASE WHEN side = 'buy' THEN quantity ELSE -quantity END) AS quantity FROM trades WHERE run_id = $1 GROUP BY symbol
  )
  SELECT (r.starting_capital - sum(CASE WHEN t.side = 'buy' THEN t.quantity * t.price ELSE -t.quantity * t.price END) - sum(t.fees)
          + (SELECT COALESCE(sum(p.quantity * (SELECT m.price FROM price_marks m WHERE m.run_id = $1 AND m.symbol = p.symbol
                                                 AND m.at <= r.ended_at ORDER BY m.at DESC LIMIT 1)), 0)
               FROM positions p WHERE p.quantity <> 0))::float8 AS equity,
         sum(t.realized_pnl)::float8 AS realized, sum(t.fees)::float8 AS fees, count(*)::int AS fills
    FROM trading_runs r JOIN trades t ON t.run_id = r.id WHERE r.id = $1 GROUP BY r.id`;
