import { DEFAULT_CHUNK_SIZE, roundRobin, splitBySize, splitIntoParts } from "./chunking.js";
import { errorDetails } from "./errors.js";
import type { ChatRequest } from "./recorded-request.js";
import type {
  DisconnectReply,
  EndEarlyReply,
  FinishReason,
  HangReply,
  StreamErrorReply,
  StreamPacing,
  TextContent,
  TextReply,
  ToolCallsReply,
  UsageOverride,
} from "./reply.js";
import type { AssistantMessage, Delta, ErrorDetails, ToolCall, ToolCallDelta, Usage } from "./wire.js";

export type StreamableReply = TextReply | ToolCallsReply | DisconnectReply | HangReply | StreamErrorReply | EndEarlyReply;

export type Ending =
  { kind: "complete" } | { kind: "disconnect" } | { kind: "hang" } | { kind: "end-early" } | { kind: "error"; details: ErrorDetails };

/** A reply resolved into the exact deltas to stream and the message to return unstreamed. */
export interface Script {
  deltas: Delta[];
  message: AssistantMessage;
  finishReason: FinishReason;
  /** Null: the reply sends no usage (`usage.omit`). */
  usage: Usage | null;
  pacing: StreamPacing;
  ending: Ending;
}

function textPieces(content: Partial<TextContent>): string[] {
  if (content.text === undefined) return [];
  if (typeof content.text !== "string") return [...content.text];
  return splitBySize(content.text, content.chunkSize ?? DEFAULT_CHUNK_SIZE);
}

function toolCallDeltas(calls: readonly ToolCall[], reply: ToolCallsReply): Delta[] {
  const perCall = calls.map((call, index): ToolCallDelta[] => [
    { index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } },
    ...splitIntoParts(call.function.arguments, reply.splitArguments ?? 1).map((piece) => ({
      index,
      function: { arguments: piece },
    })),
  ]);
  const ordered = reply.interleave ? roundRobin(perCall) : perCall.flat();
  return ordered.map((toolCall) => ({ tool_calls: [toolCall] }));
}

/** A rough count, enough for usage numbers to move with the size of the conversation. */
function estimatePromptTokens(request: ChatRequest): number {
  return Math.max(1, Math.ceil(JSON.stringify(request.body.messages).length / 4));
}

export function usageFor(request: ChatRequest, deltaCount: number, override: UsageOverride = {}): Usage {
  const prompt = override.prompt_tokens ?? estimatePromptTokens(request);
  const completion = override.completion_tokens ?? deltaCount;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function contentDeltas(pieces: readonly string[]): Delta[] {
  return pieces.map((content) => ({ content }));
}

function toolCallsScript(reply: ToolCallsReply, request: ChatRequest): Script {
  const calls = reply.toolCalls.map((call, position): ToolCall => ({
    id: call.id ?? `call_${request.index}_${position}`,
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
  const deltas = [...contentDeltas(textPieces({ text: reply.text ?? [] })), ...toolCallDeltas(calls, reply)];
  return {
    deltas,
    message: { role: "assistant", content: reply.text ?? null, refusal: null, tool_calls: calls },
    finishReason: "tool_calls",
    usage: reply.usage?.omit ? null : usageFor(request, deltas.length, reply.usage),
    pacing: reply,
    ending: { kind: "complete" },
  };
}

function endingFor(reply: Exclude<StreamableReply, ToolCallsReply>): Ending {
  switch (reply.kind) {
    case "text":
      return { kind: "complete" };
    case "disconnect":
    case "hang":
    case "end-early":
      return { kind: reply.kind };
    case "stream-error":
      return { kind: "error", details: errorDetails({ status: 500, message: reply.message }) };
  }
}

export function scriptFor(reply: StreamableReply, request: ChatRequest): Script {
  if (reply.kind === "tool-calls") return toolCallsScript(reply, request);
  const pieces = textPieces(reply);
  const defaultCut = reply.kind === "end-early" ? pieces.length : 0;
  const sent = reply.kind === "text" ? pieces : pieces.slice(0, reply.afterChunks ?? defaultCut);
  const text = pieces.join("");
  return {
    deltas: contentDeltas(sent),
    message: { role: "assistant", content: text, refusal: null },
    finishReason: reply.kind === "text" ? (reply.finishReason ?? "stop") : "stop",
    usage:
      reply.kind === "text" && reply.usage?.omit ? null : usageFor(request, pieces.length, reply.kind === "text" ? reply.usage : undefined),
    pacing: reply,
    ending: endingFor(reply),
  };
}
