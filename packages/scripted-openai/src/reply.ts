/**
 * What the scripted server answers to one chat completion request. Each variant works for both
 * streaming and non-streaming requests; faults that only make sense mid-stream degrade to their
 * nearest non-streaming equivalent (documented per variant).
 */
export type Reply =
  TextReply | ToolCallsReply | ErrorReply | DisconnectReply | HangReply | StreamErrorReply | EndEarlyReply | TokensReply | PacedTokensReply;

export type FinishReason = "stop" | "length" | "content_filter" | "tool_calls";

/** How the chunks of a streamed reply are paced and written. */
export interface StreamPacing {
  /** Pause between chunks. */
  delayMs?: number;
  /** Pause after the headers and before the first chunk (time to first token). */
  firstChunkDelayMs?: number;
  /**
   * Write each SSE event in several socket writes, cut inside every multi-byte UTF-8 character
   * and between the event's two newlines, so client decoders must join partial bytes.
   */
  splitUtf8?: boolean;
}

/** Assistant text and how it is cut into content deltas. */
export interface TextContent {
  /** A string is cut into `chunkSize` code points per chunk; an array gives the exact deltas. */
  text: string | readonly string[];
  /** Code points per chunk when `text` is a string; default 4 (roughly one token). */
  chunkSize?: number;
}

export interface UsageOverride {
  prompt_tokens?: number;
  completion_tokens?: number;
  /**
   * Send no usage at all, as OpenAI-compatible servers that ignore `stream_options.include_usage`
   * do: no usage chunk (nor `usage: null` on the chunks) when streaming, no `usage` field otherwise.
   */
  omit?: boolean;
}

export interface TextReply extends TextContent, StreamPacing {
  kind: "text";
  /** Default "stop". */
  finishReason?: Exclude<FinishReason, "tool_calls">;
  usage?: UsageOverride;
}

export interface ScriptedToolCall {
  /** Default `call_<requestIndex>_<position>`. */
  id?: string;
  name: string;
  /** The JSON arguments exactly as the model would emit them. */
  arguments: string;
}

export interface ToolCallsReply extends StreamPacing {
  kind: "tool-calls";
  /** More than one entry is a parallel tool call, as the real API sends it. */
  toolCalls: readonly ScriptedToolCall[];
  /** Streams each arguments string across this many chunks; default 1. */
  splitArguments?: number;
  /**
   * Alternates the argument chunks of different calls instead of finishing one call before the
   * next, so clients must accumulate by `index` rather than by arrival order.
   */
  interleave?: boolean;
  /** Assistant text streamed before the tool calls ("Let me look that up."). */
  text?: string;
  usage?: UsageOverride;
}

/** An HTTP error with the real API's body shape. Status-specific defaults fill type and code. */
export interface ErrorReply {
  kind: "error";
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  /** Sent as `retry-after` (whole or fractional seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`, which the SDK prefers over `retry-after`. */
  retryAfterMs?: number;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Destroys the socket. With `afterChunks` the stream starts and is cut after that many content
 * chunks; without it (and always for non-streaming requests) no response is sent at all.
 */
export interface DisconnectReply extends Partial<TextContent>, StreamPacing {
  kind: "disconnect";
  afterChunks?: number;
}

/**
 * Never finishes. With `afterChunks` the stream sends that many content chunks first; without
 * it (and always for non-streaming requests) not even the headers are sent.
 */
export interface HangReply extends Partial<TextContent>, StreamPacing {
  kind: "hang";
  afterChunks?: number;
}

/**
 * Streams `afterChunks` content chunks (default: all of them), then ends the response cleanly,
 * with no `finish_reason` and no `[DONE]`: what a proxy or a crashing upstream that closes its
 * side does. Non-streaming: the connection is dropped.
 */
export interface EndEarlyReply extends TextContent, StreamPacing {
  kind: "end-early";
  afterChunks?: number;
}

/**
 * Streams `afterChunks` content chunks, then an in-stream `data: {"error": ...}` event, as the
 * real API does when generation fails after the 200 was sent. Non-streaming: a 500.
 */
export interface StreamErrorReply extends Partial<TextContent>, StreamPacing {
  kind: "stream-error";
  /** Default 0: the error follows the opening role chunk. */
  afterChunks?: number;
  message?: string;
}

/**
 * Benchmark mode: `count` identical content chunks written as fast as the socket accepts them,
 * in batches, honouring backpressure. The first content chunk is written on its own so its
 * write time is a clean reference for downstream latency.
 */
export interface TokensReply {
  kind: "tokens";
  count: number;
  /** Default " tok". */
  tokenText?: string;
  /** SSE events per socket write after the first; default 64. */
  batchSize?: number;
}

/**
 * Benchmark mode at a model's pace: `count` content chunks, one token each, about
 * `tokensPerSecond` apart (each gap drawn uniformly within ±`jitter` of the mean), on a fixed
 * schedule so that a late write does not delay the ones after it. Streaming only.
 */
export interface PacedTokensReply {
  kind: "paced-tokens";
  count: number;
  tokensPerSecond: number;
  /** 0 to 1; default 0.5. */
  jitter?: number;
  /** Pause before the first token, in ms (to spread many replies over a gap); default 0. */
  startDelayMs?: number;
  /** Token `index`'s text, asked for as it is written (so it may say when it left). */
  tokenText: (index: number) => string;
}
