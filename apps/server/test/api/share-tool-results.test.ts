import { createRun, insertFills, insertMarks, tenFillRun } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelConfig, startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";

// A share link carries a reply's tool results so the visitor sees the same tables and figures,
// but never the owner's row ids and never the model's configuration unless the owner ticked it.
// The results here are the real tools' own, over a run whose fills break the model's rules.
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

const SECRET_RULES = "Scale in only below VWAP; never risk more than 0.4%.";

/** A run conversation whose one reply called check_compliance and list_trades. */
async function runConversationWithTools() {
  const person = await server.signUp();
  const model = await person.api.models.create.mutate({
    ...modelConfig,
    allowShorting: false,
    allowedOrderTypes: ["market"],
    customRules: SECRET_RULES,
    buyingPower: 123_456,
  });
  const { startedAt, endedAt, startingCapital, fills, marks } = tenFillRun;
  const run = await createRun(server.database.prisma, { id: model.id, userId: person.user.id }, { startedAt, endedAt, startingCapital });
  await insertFills(server.database.prisma, run.id, fills);
  await insertMarks(server.database.prisma, run.id, marks);
  provider.replies.push(
    {
      kind: "tool-calls",
      toolCalls: [
        { id: "call_c", name: "check_compliance", arguments: "{}" },
        { id: "call_t", name: "list_trades", arguments: JSON.stringify({ limit: 5 }) },
      ],
    },
    { kind: "text", text: "Three fills broke a rule." },
  );
  const sent = await person.api.chat.send.mutate({
    target: { context: { kind: "run", modelId: model.id, runId: run.id }, idempotencyKey: `share_key_${run.id}` },
    content: "Did this run break any rule?",
  });
  await collectStream(person.api, { sessionId: sent.session.id, replyId: sent.reply?.messageId ?? -1 });
  const tradeIds = (await server.database.prisma.trade.findMany({ where: { runId: run.id }, select: { id: true } })).map((t) => t.id);
  return { person, sessionId: sent.session.id, runId: run.id, modelId: model.id, tradeIds };
}

type Shared = Awaited<ReturnType<ReturnType<TestServer["client"]>["shares"]["view"]["query"]>>;

const resultOf = (shared: Shared, tool: string) =>
  shared.messages.flatMap((m) => m.toolsUsed).find((t) => t.name === tool)?.result as Record<string, unknown> | undefined;

/** Every key anywhere in a JSON value. */
function keysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysIn(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysIn(inner, found);
    }
  }
  return found;
}

describe("tool results in a share link", () => {
  it("keeps the figures and findings, drops every row id, and the configuration unless ticked", async () => {
    const owner = await runConversationWithTools();
    const plain = await owner.person.api.shares.create.mutate({ conversationId: owner.sessionId });
    const visitor = server.client();
    const shared = await visitor.shares.view.query({ token: plain.token });

    const compliance = resultOf(shared, "check_compliance");
    const violations = compliance?.violations as Array<Record<string, unknown>>;
    expect(violations.map((v) => [v.rule, v.symbol, v.quotedRule])).toEqual([
      ["order_type_not_allowed", "AAA", "configuration v1: “allowed order types: market”"],
      ["shorting_disallowed", "BBB", "configuration v1: “short selling: not allowed”"],
      ["shorting_disallowed", "AAA", "configuration v1: “short selling: not allowed”"],
    ]);
    expect(compliance?.violationCount).toBe(3);
    const trades = resultOf(shared, "list_trades")?.trades as Array<Record<string, unknown>>;
    expect(trades).toHaveLength(5);
    expect(trades[0]).toMatchObject({ symbol: "AAA", side: "buy" });

    const keys = keysIn(shared);
    for (const hidden of ["id", "tradeId", "runId", "nextCursor", "callId", "arguments", "configuration", "editsInForce"]) {
      expect(keys.has(hidden), hidden).toBe(false);
    }
    const text = JSON.stringify(shared);
    expect(text).not.toContain(SECRET_RULES);
    expect(text).not.toMatch(/123[,.]?456/);
    for (const id of owner.tradeIds) expect(text).not.toMatch(new RegExp(`"(tradeId|id)":${id}\\b`));

    // What is stored is already scrubbed: the database holds no more than the visitor sees.
    const stored = await server.database.prisma.conversationShare.findUniqueOrThrow({ where: { id: plain.share.id } });
    expect(JSON.stringify(stored.snapshot)).not.toContain(SECRET_RULES);
    expect(keysIn(stored.snapshot).has("tradeId")).toBe(false);
  });

  it("shows the configuration inside the results only on a link with the model's settings, still without ids", async () => {
    const owner = await runConversationWithTools();
    const ticked = await owner.person.api.shares.create.mutate({ conversationId: owner.sessionId, includeModelSettings: true });
    const shared = await server.client().shares.view.query({ token: ticked.token });
    const configuration = resultOf(shared, "check_compliance")?.configuration as Record<string, unknown>;
    expect(configuration).toMatchObject({ version: 1, buyingPower: 123_456, allowShorting: false });
    expect(shared.modelSettings?.fields).toContainEqual({ label: "Custom rules", value: SECRET_RULES });
    const keys = keysIn(shared);
    expect(["id", "tradeId", "nextCursor", "callId"].filter((key) => keys.has(key))).toEqual([]);
  });

  it("scrubs a link frozen before the scrubbing on its way out", async () => {
    const owner = await runConversationWithTools();
    const { share, token } = await owner.person.api.shares.create.mutate({ conversationId: owner.sessionId });
    // As an older server stored it: the reply's tool calls whole.
    const [reply] = await server.database.prisma.chatMessage.findMany({
      where: { sessionId: owner.sessionId, role: "assistant" },
      select: { toolsUsed: true },
    });
    const stored = await server.database.prisma.conversationShare.findUniqueOrThrow({ where: { id: share.id } });
    const snapshot = stored.snapshot as { messages: Array<{ toolsUsed: unknown }> };
    snapshot.messages = snapshot.messages.map((m, i) => (i === 1 ? { ...m, toolsUsed: reply?.toolsUsed } : m));
    expect(JSON.stringify(snapshot)).toContain("tradeId");
    await server.database.prisma.conversationShare.update({ where: { id: share.id }, data: { snapshot: snapshot as object } });

    const shared = await server.client().shares.view.query({ token });
    expect(resultOf(shared, "check_compliance")?.violationCount).toBe(3);
    const keys = keysIn(shared);
    expect(["id", "tradeId", "callId", "arguments", "configuration"].filter((key) => keys.has(key))).toEqual([]);
  });
});
