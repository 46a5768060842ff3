import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./reply.js";

export interface ContentPart {
  type: string;
  text?: string;
}

export interface ChatMessage {
  role: string;
  content?: string | readonly ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: readonly {
    id: string;
    type: string;
    function: { name: string; arguments: string };
  }[];
}

/**
 * The JSON body of a chat completion request. Only `model` and `messages` are checked (the real
 * API rejects requests without them); the rest is whatever the client sent.
 */
export interface ChatRequestBody {
  model: string;
  messages: readonly ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  tools?: readonly unknown[];
  tool_choice?: unknown;
  [field: string]: unknown;
}

export interface RecordedRequest {
  /** Position in `server.requests`. */
  readonly index: number;
  readonly method: string;
  /** The path without the query string, e.g. "/v1/chat/completions". */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the body was empty, the raw text when it was not JSON. */
  readonly body: unknown;
  readonly receivedAt: bigint;
  /** `process.hrtime.bigint()` when the first content or tool-call chunk was written. */
  firstChunkAt?: bigint;
  /** `process.hrtime.bigint()` when the whole reply had been handed to the socket (`res.end()`). */
  replyEndedAt?: bigint;
  /** True when the client went away before the reply was complete (abort, timeout). */
  closedByClient: boolean;
}

export interface ChatRequest extends RecordedRequest {
  readonly body: ChatRequestBody;
}

export type Responder = (request: ChatRequest) => Reply | Promise<Reply>;

export function isChatRequestBody(body: unknown): body is ChatRequestBody {
  if (typeof body !== "object" || body === null) return false;
  return "model" in body && typeof body.model === "string" && "messages" in body && Array.isArray(body.messages);
}

/** The text of a message, joining the text parts of multi-part content. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}
