import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../harness.js";
import { collectStream, startScriptedProvider } from "../streaming-support.js";
import { fill, userWithKey } from "./support.js";

// A run conversation while a program pushes fills: each turn the assistant is told the figures as
// of now and what changed since its last answer, and its tools say which moment they describe.
let provider: Awaited<ReturnType<typeof startScriptedProvider>>;
let server: TestServer;
beforeAll(async () => {
  provider = await startScriptedProvider();
  server = await startTestServer({ provider: provider.provider, engine: { flushIntervalMs: 10 } });
});
afterAll(async () => {
  await server.stop();
  await provider.scripted.close();
});

type WireMessage = { role: string; content: string | null };
/** The chat rounds of the run conversation, not the title requests that run beside them. */
const runRounds = () =>
  provider
    .streamRequests()
    .map((request) => (request.body as { messages: WireMessage[] }).messages)
    .filter((messages) => messages[0]?.content?.includes("## Run"));
const lastRequest = () => runRounds().at(-1) ?? [];

it("tells the assistant the figures now and what changed since its last answer", async () => {
  const owner = await userWithKey(server);
  const run = await owner.program.runs.create.mutate({
    modelId: owner.model.id,
    kind: "live",
    startingCapital: 50_000,
    period: { start: "2026-03-01T00:00:00Z" },
  });
  await owner.program.runs.appendFills.mutate({ runId: run.id, fills: [fill(0), fill(1)] });

  provider.replies.push({ kind: "text", text: "first" });
  const first = await owner.api.chat.send.mutate({
    target: { context: { kind: "run", modelId: owner.model.id, runId: run.id }, idempotencyKey: `key_${Date.now()}` },
    content: "How is it going?",
  });
  await collectStream(owner.api, { sessionId: first.session.id, replyId: first.reply?.messageId });
  const before = lastRequest()[0]?.content ?? "";
  expect(before).toMatch(/Figures as of \S+, last fill at 2026-03-02T14:31:00.000Z: 2 fills/);
  expect(before).toContain("This is your first answer with these figures.");

  // fill(0) bought 10 at 100, fill(1) sells 10 at 101: +$10 realized; then 14 more fills arrive.
  await owner.program.runs.appendFills.mutate({ runId: run.id, fills: Array.from({ length: 14 }, (_, n) => fill(n + 2)) });
  provider.replies.push(
    { kind: "tool-calls", toolCalls: [{ id: "call_trades", name: "list_trades", arguments: "{}" }] },
    { kind: "text", text: "second" },
  );
  const second = await owner.api.chat.send.mutate({ target: { sessionId: first.session.id }, content: "And now?" });
  await collectStream(owner.api, { sessionId: first.session.id, replyId: second.reply?.messageId });
  const toolRound = runRounds().at(-2) ?? [];
  expect(toolRound[0]?.content).toMatch(/Since your last answer \(figures then as of [^)]+\): 14 new fills; realized P&L \+\$/);
  const toolResult = lastRequest().find((message) => message.role === "tool")?.content ?? "";
  expect(JSON.parse(toolResult)).toMatchObject({ dataAsOf: { lastFillAt: "2026-03-02T14:45:00Z" } });
});
