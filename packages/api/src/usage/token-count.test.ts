import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { countCompletionTokens, countPromptTokens, countUsage } from "./token-count.js";

const QUESTION = "What was the realized P&L of run 42 yesterday, and which fill moved it most?";

describe("counting tokens when the provider reports none", () => {
  it("counts a completion's text with the model's encoding", async () => {
    const text = "Realized P&L was +$310.00; the largest fill was 200 AAPL at $187.12.";
    expect(await countCompletionTokens("gpt-4o", text)).toBe(encode(text).length);
    expect(await countCompletionTokens("gpt-4o-mini", text)).toBe(encode(text).length);
    // Older models and models it does not know use cl100k_base.
    expect(await countCompletionTokens("gpt-4-turbo", text)).toBe(encodeCl100k(text).length);
    expect(await countCompletionTokens("some-local-model", text)).toBe(encodeCl100k(text).length);
    expect(await countCompletionTokens("gpt-4o", "")).toBe(0);
  });

  it("counts a prompt with OpenAI's chat framing: 3 per message, the role, the content, 3 to prime the reply", async () => {
    const messages = [
      { role: "system" as const, content: "You are a trading assistant." },
      { role: "user" as const, content: QUESTION },
    ];
    const expected = 3 + messages.reduce((sum, m) => sum + 3 + encode(m.role).length + encode(m.content).length, 0);
    expect(await countPromptTokens("gpt-4.1", messages)).toBe(expected);
  });

  it("grows with tool calls, tool results and tool definitions", async () => {
    const call = { id: "call_1", name: "get_run_overview", arguments: '{"runId":42}' };
    const messages = [
      { role: "user" as const, content: QUESTION },
      { role: "assistant" as const, content: null, toolCalls: [call] },
      { role: "tool" as const, toolCallId: "call_1", content: '{"realizedPnl":310}' },
    ];
    const plain = await countPromptTokens("gpt-4o", messages.slice(0, 1));
    const withTools = await countPromptTokens("gpt-4o", messages);
    expect(withTools).toBeGreaterThan(plain + encode('{"realizedPnl":310}').length);
    const spec = { name: "get_run_overview", description: "The run's figures", parameters: { type: "object" } };
    expect(await countPromptTokens("gpt-4o", messages, [spec])).toBe(withTools + encode(JSON.stringify([spec])).length);
    expect(await countCompletionTokens("gpt-4o", "", [call])).toBe(encode(`get_run_overview{"runId":42}`).length);
  });

  it("gives both counts for one request and its answer", async () => {
    const usage = await countUsage("gpt-4o", { messages: [{ role: "user", content: QUESTION }] }, { text: "About $310." });
    expect(usage).toEqual({
      promptTokens: 3 + 3 + encode("user").length + encode(QUESTION).length,
      completionTokens: encode("About $310.").length,
    });
  });
});
