import { lastUserMessage, messageText, type ChatRequest, type Reply, type Responder } from "@parley/scripted-openai";

export const MODELS = { chat: "e2e-chat", title: "e2e-title", summary: "e2e-summary" } as const;

type ChatScript = (request: ChatRequest, userText: string) => Reply | string | undefined;

/**
 * The scripted provider's behaviour for browser tests: titles and summaries answer by their
 * model name; chat replies come from the test's script, else a short deterministic answer.
 */
const defaultTitle = (userText: string) => `About ${userText.split(/\s+/).slice(0, 4).join(" ")}`;

export function createAssistant() {
  let script: ChatScript | undefined;
  let title = defaultTitle;

  const responder: Responder = (request) => {
    const userText = lastUserMessage(request.body.messages) ?? "";
    // A title request carries the conversation's first message as its only user message.
    if (request.body.model === MODELS.title) return { kind: "text", text: title(userText) };
    if (request.body.model === MODELS.summary)
      return { kind: "text", text: "The trader and the assistant discussed risk limits and position sizing." };
    const scripted = script?.(request, userText);
    if (typeof scripted === "string") return { kind: "text", text: scripted, chunkSize: 6, delayMs: 5 };
    return scripted ?? { kind: "text", text: `You asked: ${userText}`, chunkSize: 6, delayMs: 5 };
  };

  return {
    responder,
    /** Replaces the chat script (undefined restores the default answer). */
    onChat(next: ChatScript | undefined) {
      script = next;
    },
    onTitle(next: (userText: string) => string) {
      title = next;
    },
    reset() {
      script = undefined;
      title = defaultTitle;
    },
  };
}

/** The system prompt a chat request carried (what the assistant was told about its context). */
export function systemPrompt(request: ChatRequest): string {
  return request.body.messages
    .filter((message) => message.role === "system")
    .map(messageText)
    .join("\n");
}

export type Assistant = ReturnType<typeof createAssistant>;

/**
 * The chat rounds (not title or summary requests, which carry the same user text) among what
 * the scripted provider received, that mention `text`.
 */
export function chatRoundsWith(requests: readonly { body: unknown }[], text: string) {
  return requests.filter((request) => {
    const model = (request.body as { model?: string }).model;
    return model !== MODELS.title && model !== MODELS.summary && JSON.stringify(request.body).includes(text);
  });
}
