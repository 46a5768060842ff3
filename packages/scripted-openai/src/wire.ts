import { randomBytes } from "node:crypto";
import type { FinishReason } from "./reply.js";

// Object shapes of the Chat Completions wire protocol, field for field as the real API sends
// them (including the `null`s), so strict client-side accumulators see what production sees.

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments?: string };
}

export interface Delta {
  role?: "assistant";
  content?: string | null;
  refusal?: null;
  tool_calls?: ToolCallDelta[];
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface AssistantMessage {
  role: "assistant";
  content: string | null;
  refusal: null;
  tool_calls?: ToolCall[];
}

/** What every chunk of one completion shares. */
export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

const SYSTEM_FINGERPRINT = "fp_scripted";

export function newIdentity(model: string, includeUsage: boolean): CompletionIdentity {
  return {
    id: `chatcmpl-${randomBytes(18).toString("base64url")}`,
    created: Math.floor(Date.now() / 1000),
    model,
    includeUsage,
  };
}

export function completionChunk(identity: CompletionIdentity, delta: Delta, finishReason: FinishReason | null = null) {
  return {
    id: identity.id,
    object: "chat.completion.chunk",
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage the real API puts `usage: null` on every chunk but the last.
    ...(identity.includeUsage ? { usage: null } : {}),
  };
}

export function usageChunk(identity: CompletionIdentity, usage: Usage) {
  return {
    id: identity.id,
    object: "chat.completion.chunk",
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [],
    usage,
  };
}

export function chatCompletion(identity: CompletionIdentity, message: AssistantMessage, finishReason: FinishReason, usage: Usage | null) {
  return {
    id: identity.id,
    object: "chat.completion",
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}

export interface ErrorDetails {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}

export function errorBody(details: ErrorDetails) {
  return { error: { message: details.message, type: details.type, param: details.param ?? null, code: details.code } };
}

export function modelObject(id: string) {
  return { id, object: "model", created: 1_700_000_000, owned_by: "scripted-openai" };
}

export function modelList(ids: readonly string[]) {
  return { object: "list", data: ids.map(modelObject) };
}
