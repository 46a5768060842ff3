/** A message as providers take it (the OpenAI Chat Completions shape, minus the wire details). */
export type ProviderMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text exactly as the model wrote it: it may be invalid, and is validated by the tool. */
  arguments: string;
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ProviderChunk =
  | { type: "text"; text: string }
  | { type: "tool_calls"; calls: ToolCall[] }
  | { type: "usage"; promptTokens: number; completionTokens: number }
  /** The provider is answering with something not yet yielded (tool-call arguments): it is alive. */
  | { type: "progress" }
  /** Why the provider ended its answer, as it said (`stop`, `length`, `content_filter`, `tool_calls`). */
  | { type: "finish"; reason: string };

export interface StreamRequest {
  model: string;
  messages: ProviderMessage[];
  tools?: ToolSpec[] | undefined;
  signal: AbortSignal;
}

/** A non-streamed answer, with the provider's usage when it reported one. */
export interface Completion {
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

export interface CompleteRequest {
  model: string;
  messages: ProviderMessage[];
  maxTokens?: number;
  signal?: AbortSignal;
}

/** Anything that can answer a conversation: an OpenAI-compatible endpoint, or the offline one. */
export interface ChatProvider {
  readonly name: string;
  readonly offline: boolean;
  stream(request: StreamRequest): AsyncIterable<ProviderChunk>;
  complete(request: CompleteRequest): Promise<Completion>;
}

/** A failure worth telling the user about, in words they can act on. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly kind: "rate_limited" | "unavailable" | "timeout" | "connection" | "rejected" | "incomplete",
  ) {
    super(message);
  }
}
