import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { collectToolCalls } from "./tool-call-assembler.js";
import {
  ProviderError,
  type ChatProvider,
  type CompleteRequest,
  type ProviderChunk,
  type ProviderMessage,
  type StreamRequest,
} from "./provider.js";

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** Retries on 429 and 5xx before the first token, with the SDK's backoff (honours retry-after). */
  maxRetries?: number;
  /**
   * Per attempt, until the response starts. The reply's own deadlines (first token across all
   * attempts, silence between tokens) are the engine's: `engine/provider-watch.ts`.
   */
  requestTimeoutMs?: number;
}

export const INCOMPLETE_STREAM_ERROR = "The AI provider closed the connection before finishing its answer";

function toWire(message: ProviderMessage): ChatCompletionMessageParam {
  if (message.role === "tool") return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
  if (message.role === "assistant") {
    const toolCalls = message.toolCalls?.map((call) => ({
      id: call.id,
      type: "function" as const,
      function: { name: call.name, arguments: call.arguments },
    }));
    return { role: "assistant", content: message.content, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}) };
  }
  return { role: message.role, content: message.content };
}

export function describeProviderFailure(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.RateLimitError) {
    return new ProviderError("The AI provider is rate-limiting requests; try again in a moment", "rate_limited");
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError("The AI provider did not answer in time", "timeout");
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError("Could not reach the AI provider", "connection");
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    if (error.status >= 500) return new ProviderError(`The AI provider is unavailable (HTTP ${error.status})`, "unavailable");
    return new ProviderError(`The AI provider refused the request (HTTP ${error.status}): ${error.message}`, "rejected");
  }
  return new ProviderError(`The connection to the AI provider was lost: ${(error as Error).message}`, "connection");
}

/** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, OpenRouter) via the SDK. */
export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.requestTimeoutMs ?? 60_000,
  });

  async function* stream(request: StreamRequest): AsyncGenerator<ProviderChunk> {
    const tools = request.tools?.map((tool) => ({ type: "function" as const, function: tool }));
    let finishReason: string | null = null;
    try {
      const chunks = await client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages.map(toWire),
          stream: true,
          stream_options: { include_usage: true },
          ...(tools?.length ? { tools } : {}),
        },
        { signal: request.signal },
      );
      const toolCalls = collectToolCalls();
      for await (const chunk of chunks as AsyncIterable<ChatCompletionChunk>) {
        const choice = chunk.choices[0];
        if (choice?.delta.content) yield { type: "text", text: choice.delta.content };
        if (choice?.delta.tool_calls) {
          toolCalls.add(choice.delta.tool_calls);
          yield { type: "progress" };
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) {
          yield { type: "usage", promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        }
      }
      // On abort the SDK ends the iteration quietly rather than throwing: the caller decides why.
      if (request.signal.aborted) return;
      // A stream that just stops, without saying why it ended, was cut: its text is not the answer.
      if (finishReason === null) throw new ProviderError(INCOMPLETE_STREAM_ERROR, "incomplete");
      const calls = toolCalls.finish();
      if (calls.length) yield { type: "tool_calls", calls };
      yield { type: "finish", reason: finishReason };
    } catch (error) {
      if (request.signal.aborted || error instanceof ProviderError) throw error;
      throw describeProviderFailure(error);
    }
  }

  return {
    name: options.baseURL ? new URL(options.baseURL).host : "api.openai.com",
    offline: false,
    stream,
    async complete(request: CompleteRequest) {
      try {
        const completion = await client.chat.completions.create(
          { model: request.model, messages: request.messages.map(toWire), max_tokens: request.maxTokens },
          { signal: request.signal },
        );
        const usage = completion.usage
          ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
          : null;
        return { text: completion.choices[0]?.message.content ?? "", usage };
      } catch (error) {
        throw describeProviderFailure(error);
      }
    },
  };
}
