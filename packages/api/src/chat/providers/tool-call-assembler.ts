import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ToolCall } from "./provider.js";

type ToolCallDelta = NonNullable<NonNullable<ChatCompletionChunk["choices"][number]>["delta"]["tool_calls"]>[number];

/**
 * Streamed tool calls arrive in pieces keyed by index: the id and name first, the JSON
 * arguments split over any number of chunks, and several calls interleaved.
 */
export function collectToolCalls() {
  const byIndex = new Map<number, ToolCall>();
  return {
    add(deltas: ToolCallDelta[]) {
      for (const delta of deltas) {
        const call = byIndex.get(delta.index) ?? { id: "", name: "", arguments: "" };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) call.arguments += delta.function.arguments;
        byIndex.set(delta.index, call);
      }
    },
    finish(): ToolCall[] {
      return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
    },
  };
}
