import type { MessagePage } from "../api/types";
import { fromStored, placeholderReply, type ChatEvent, type ChatMessage, type ConversationState } from "./chat-message";

const byId = (a: ChatMessage, b: ChatMessage) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER);

/**
 * A loaded copy wins unless live events already moved that message further: a streaming
 * message that events have touched keeps its live text until the server says it ended.
 */
function pick(current: ChatMessage | undefined, loaded: ChatMessage): ChatMessage {
  if (!current) return loaded;
  if (current.live && current.status === "streaming" && loaded.status === "streaming") return current;
  if (current.live && current.status !== "streaming" && loaded.status === "streaming") return current;
  return { ...loaded, key: current.key };
}

export function mergeMessages(current: ChatMessage[], loaded: ChatMessage[]): ChatMessage[] {
  const existing = new Map(current.filter((m) => m.id !== null).map((m) => [m.id, m]));
  const merged = new Map(existing);
  for (const message of loaded) merged.set(message.id, pick(existing.get(message.id), message));
  const local = current.filter((m) => m.id === null);
  return [...[...merged.values()].sort(byId), ...local];
}

/** The latest page: the newest messages, the summary and the conversation itself. */
export function applyLatestPage(state: ConversationState, page: MessagePage): ConversationState {
  const loaded = page.messages.map(fromStored);
  const oldestKnown = state.messages.find((m) => m.id !== null)?.id ?? Number.MAX_SAFE_INTEGER;
  const oldestLoaded = loaded[0]?.id ?? Number.MAX_SAFE_INTEGER;
  // Older pages already scrolled back into stay; their "has older" answer is the one that holds.
  const hasOlder = oldestKnown < oldestLoaded ? state.hasOlder : page.hasOlder;
  return {
    ...state,
    session: page.session,
    summary: page.summary,
    messages: mergeMessages(state.messages, loaded),
    hasOlder,
    status: "ready",
    error: null,
  };
}

export function applyOlderPage(state: ConversationState, page: MessagePage): ConversationState {
  return { ...state, messages: mergeMessages(state.messages, page.messages.map(fromStored)), hasOlder: page.hasOlder, loadingOlder: false };
}

function updateMessage(state: ConversationState, id: number, change: (m: ChatMessage) => ChatMessage): ConversationState {
  const found = state.messages.some((m) => m.id === id);
  const messages = found ? state.messages : mergeMessages(state.messages, [placeholderReply(id)]);
  return { ...state, messages: messages.map((m) => (m.id === id ? { ...change(m), live: true } : m)) };
}

/** Applies one stream event; replaying a reply from `reply_started` gives the same text. */
export function applyEvent(state: ConversationState, event: ChatEvent): ConversationState {
  switch (event.type) {
    case "reply_started":
      return updateMessage(state, event.messageId, (m) => ({ ...m, content: "", status: "streaming", error: null, tools: [], aiModel: event.aiModel }));
    case "delta":
      return updateMessage(state, event.messageId, (m) => ({ ...m, content: m.content + event.text }));
    case "tool_call":
      return updateMessage(state, event.messageId, (m) => ({
        ...m,
        tools: [...m.tools.filter((t) => t.callId !== event.callId), { name: event.name, callId: event.callId, state: "running" }],
      }));
    case "tool_result":
      return updateMessage(state, event.messageId, (m) => ({
        ...m,
        tools: m.tools.map((t) => (t.callId === event.callId ? { ...t, state: event.ok ? "ok" : "failed" } : t)),
      }));
    case "error":
      // Shown with the failed status its `done` brings right after the final save.
      return updateMessage(state, event.messageId, (m) => ({ ...m, error: event.message }));
    case "done":
      return updateMessage(state, event.messageId, (m) => ({ ...m, status: event.status, error: event.error }));
    case "title":
      return state.session ? { ...state, session: { ...state.session, title: event.title, titleSource: "generated" } } : state;
    case "summary":
    case "branch":
      return state;
    case "resync":
      // Events were lost: the next loaded page is the truth, even for a streaming message.
      return { ...state, messages: state.messages.map((m) => (m.live ? { ...m, live: false } : m)) };
  }
}

export function isStreaming(state: ConversationState): boolean {
  return state.messages.some((m) => m.role === "assistant" && m.status === "streaming");
}
