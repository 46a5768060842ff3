import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  echoLastUserMessage,
  lastUserMessage,
  messageText,
  respondFromMessages,
  startScriptedOpenAI,
  type ScriptedOpenAI,
} from "./index.js";
import { clientFor, collect, contentOf } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

describe("echoLastUserMessage", () => {
  it("answers each turn of a conversation with its last user message", async () => {
    server.setResponder(echoLastUserMessage({ prefix: "You said: ", chunkSize: 2 }));
    const client = clientFor(server);
    const messages: ChatCompletionMessageParam[] = [];
    for (const said of ["hi", "naïve café 🙂"]) {
      messages.push({ role: "user", content: said });
      const stream = await client.chat.completions.create({ model: "m", messages, stream: true });
      const answer = contentOf(await collect(stream));
      expect(answer).toBe(`You said: ${said}`);
      messages.push({ role: "assistant", content: answer });
    }
    expect(server.requests.map((request) => request.body)).toMatchObject([
      { messages: messages.slice(0, 1) },
      { messages: messages.slice(0, 3) },
    ]);
  });
});

describe("respondFromMessages", () => {
  it("scripts a tool loop: call the tool, then answer from its result", async () => {
    const tools: ChatCompletionTool[] = [{ type: "function", function: { name: "add", parameters: { type: "object" } } }];
    server.setResponder(
      respondFromMessages((messages) => {
        const last = messages.at(-1);
        if (last?.role === "tool") return `The sum is ${messageText(last)}.`;
        return { kind: "tool-calls", toolCalls: [{ id: "call_add", name: "add", arguments: '{"a":2,"b":3}' }], splitArguments: 3 };
      }),
    );
    const client = clientFor(server);
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "What is 2 + 3?" }];
    const first = await client.chat.completions.stream({ model: "m", messages, tools }).finalChatCompletion();
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    const { a, b } = JSON.parse(call.function.arguments) as { a: number; b: number };
    messages.push(
      { role: "assistant", content: null, tool_calls: [call] },
      { role: "tool", tool_call_id: call.id, content: String(a + b) },
    );

    const second = await client.chat.completions.create({ model: "m", messages });
    expect(second.choices[0]?.message.content).toBe("The sum is 5.");
  });
});

describe("message helpers", () => {
  it("read text from string and multi-part content", () => {
    const messages = [
      { role: "user", content: [{ type: "text", text: "look at " }, { type: "image_url" }, { type: "text", text: "this" }] },
      { role: "assistant", content: null },
    ];
    expect(lastUserMessage(messages)).toBe("look at this");
    expect(lastUserMessage([{ role: "system", content: "x" }])).toBeUndefined();
  });
});
