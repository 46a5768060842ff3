import type { ChatCompletionChunk, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScriptedOpenAI, type ScriptedOpenAI } from "./index.js";
import { clientFor, collect, USER_HELLO } from "./test-support.js";

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

const TOOLS: ChatCompletionTool[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
];
const WEATHER_ARGS = JSON.stringify({ city: "Zürich", unit: "°C", note: "東京 🌧️" });
const TIME_ARGS = JSON.stringify({ zone: "Europe/Zurich" });

/** Accumulates tool calls by `index`, the way client code must. */
function accumulate(chunks: readonly ChatCompletionChunk[]) {
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  for (const toolCall of chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])) {
    const call = (calls[toolCall.index] ??= { arguments: "" });
    call.id ??= toolCall.id;
    call.name ??= toolCall.function?.name;
    call.arguments += toolCall.function?.arguments ?? "";
  }
  return calls;
}

function streamRequest() {
  return clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, tools: TOOLS, stream: true });
}

describe("streaming tool calls", () => {
  it("splits arguments across chunks that reassemble exactly", async () => {
    server.enqueue({ kind: "tool-calls", toolCalls: [{ id: "call_w", name: "get_weather", arguments: WEATHER_ARGS }], splitArguments: 5 });
    const chunks = await collect(await streamRequest());

    const argumentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments);
    expect(argumentChunks).toHaveLength(5);
    expect(accumulate(chunks)).toEqual([{ id: "call_w", name: "get_weather", arguments: WEATHER_ARGS }]);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: null });
    const header = chunks[1]?.choices[0]?.delta.tool_calls?.[0];
    expect(header).toEqual({ index: 0, id: "call_w", type: "function", function: { name: "get_weather", arguments: "" } });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("streams parallel tool calls one after the other by index", async () => {
    server.enqueue({
      kind: "tool-calls",
      toolCalls: [
        { name: "get_weather", arguments: WEATHER_ARGS },
        { name: "get_time", arguments: TIME_ARGS },
      ],
      splitArguments: 3,
    });
    const chunks = await collect(await streamRequest());
    const indexes = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls?.map((call) => call.index) ?? []);
    expect(indexes).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(accumulate(chunks)).toEqual([
      { id: "call_0_0", name: "get_weather", arguments: WEATHER_ARGS },
      { id: "call_0_1", name: "get_time", arguments: TIME_ARGS },
    ]);
  });

  it("interleaves argument chunks of parallel calls when asked", async () => {
    server.enqueue({
      kind: "tool-calls",
      toolCalls: [
        { name: "get_weather", arguments: WEATHER_ARGS },
        { name: "get_time", arguments: TIME_ARGS },
      ],
      splitArguments: 3,
      interleave: true,
    });
    const chunks = await collect(await streamRequest());
    const indexes = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls?.map((call) => call.index) ?? []);
    expect(indexes).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(accumulate(chunks).map((call) => call.arguments)).toEqual([WEATHER_ARGS, TIME_ARGS]);
  });

  it("passes the SDK's strict accumulator, with text before the calls and split bytes", async () => {
    server.enqueue({
      kind: "tool-calls",
      text: "Let me check… ☀️",
      toolCalls: [
        { id: "a", name: "get_weather", arguments: WEATHER_ARGS },
        { id: "b", name: "get_time", arguments: TIME_ARGS },
      ],
      splitArguments: 4,
      interleave: true,
      splitUtf8: true,
    });
    const runner = clientFor(server).chat.completions.stream({ model: "m", messages: USER_HELLO, tools: TOOLS });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message).toMatchObject({
      content: "Let me check… ☀️",
      tool_calls: [
        { id: "a", type: "function", function: { name: "get_weather", arguments: WEATHER_ARGS } },
        { id: "b", type: "function", function: { name: "get_time", arguments: TIME_ARGS } },
      ],
    });
  });
});

describe("non-streaming tool calls", () => {
  it("returns the calls in the message with finish_reason tool_calls", async () => {
    server.enqueue({ kind: "tool-calls", toolCalls: [{ id: "call_1", name: "get_weather", arguments: WEATHER_ARGS }] });
    const completion = await clientFor(server).chat.completions.create({ model: "m", messages: USER_HELLO, tools: TOOLS });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: WEATHER_ARGS } }],
      },
    });
  });
});
