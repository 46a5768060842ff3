import { messageText, type ChatMessage, type ChatRequest, type Responder } from "./recorded-request.js";
import type { Reply, TextReply } from "./reply.js";

export type TextOptions = Omit<TextReply, "kind" | "text">;

type ConversationScript = (messages: readonly ChatMessage[], request: ChatRequest) => string | Reply | Promise<string | Reply>;

/**
 * A responder computed from the conversation so far. A string answer becomes a text reply
 * shaped by `textOptions`; return a Reply for anything else (tool calls, errors, faults).
 */
export function respondFromMessages(script: ConversationScript, textOptions: TextOptions = {}): Responder {
  return async (request) => {
    const answer = await script(request.body.messages, request);
    return typeof answer === "string" ? { ...textOptions, kind: "text", text: answer } : answer;
  };
}

export function lastUserMessage(messages: readonly ChatMessage[]): string | undefined {
  const last = messages.findLast((message) => message.role === "user");
  return last === undefined ? undefined : messageText(last);
}

/** Answers every request with its last user message, optionally prefixed ("You said: …"). */
export function echoLastUserMessage(options: TextOptions & { prefix?: string } = {}): Responder {
  const { prefix = "", ...textOptions } = options;
  return respondFromMessages((messages) => prefix + (lastUserMessage(messages) ?? ""), textOptions);
}
