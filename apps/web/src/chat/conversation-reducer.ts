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

/**
 * The messages written after the newest loaded one that a load racing a send must keep: a reply
 * still being written and the question it answers. (Anything else newer belongs to a branch no
 * longer shown: a version switch is refused while a reply is being written.)
 */
function racingMessages(current: ChatMessage[], newestLoaded: number): ChatMessage[] {
  const streaming = current.filter((m) => m.id !== null && m.id > newestLoaded && m.status === "streaming");
  const asked = new Set(streaming.map((m) => m.parentId));
  return current.filter((m) => m.id !== null && m.id > newestLoaded && (m.status === "streaming" || asked.has(m.id)));
}

/**
 * The latest page of the shown branch: the newest messages, the summary and the conversation.
 * Older messages scrolled back into stay when the page continues them (the same branch);
 * after another version was shown they go, and the page's "has older" holds.
 */
export function applyLatestPage(state: ConversationState, page: MessagePage): ConversationState {
  const loaded = page.messages.map(fromStored);
  const known = state.messages.filter((m) => m.id !== null);
  const joinAt = known.findIndex((m) => m.id === loaded[0]?.parentId);
  const older = joinAt >= 0 ? known.slice(0, joinAt + 1) : [];
  const current = new Map(known.map((m) => [m.id, m]));
  const branch = [...older, ...loaded.map((m) => pick(current.get(m.id), m))];
  const racing = racingMessages(known, loaded.at(-1)?.id ?? 0).filter((m) => !branch.some((b) => b.id === m.id));
  return {
    ...state,
    // Found again: restored by an undo, say.
    deletedElsewhere: false,
    session: page.session,
    summary: page.summary,
    messages: [...branch, ...racing, ...state.messages.filter((m) => m.id === null)],
    hasOlder: older.length > 0 ? state.hasOlder : page.hasOlder,
    status: "ready",
    error: null,
  };
}

/**
 * A new version shown at once (a regenerated reply, an edited question and its reply): the
 * branch is cut after the version's parent, and the new messages follow it.
 */
export function showNewVersion(state: ConversationState, added: ChatMessage[]): ConversationState {
  const parentId = added[0]?.parentId ?? null;
  const cut = parentId === null ? -1 : state.messages.findIndex((m) => m.id === parentId);
  const kept = cut >= 0 ? state.messages.slice(0, cut + 1) : parentId === null ? [] : state.messages;
  return { ...state, messages: [...kept.filter((m) => !added.some((a) => a.id === m.id)), ...added] };
}

export function applyOlderPage(state: ConversationState, page: MessagePage): ConversationState {
  return { ...state, messages: mergeMessages(state.messages, page.messages.map(fromStored)), hasOlder: page.hasOlder, loadingOlder: false };
}

function updateMessage(state: ConversationState, id: number, change: (m: ChatMessage) => ChatMessage): ConversationState {
  const found = state.messages.some((m) => m.id === id);
  const messages = found ? state.messages : mergeMessages(state.messages, [placeholderReply(id)]);
  return { ...state, messages: messages.map((m) => (m.id === id ? { ...change(m), live: true } : m)) };
}

/** A reply starting that this view has not seen: after a question it shows, it replaces what followed (a new version). */
function startReply(state: ConversationState, event: Extract<ChatEvent, { type: "reply_started" }>): ConversationState {
  const known = state.messages.some((m) => m.id === event.messageId);
  const asked = state.messages.some((m) => m.id === event.userMessageId);
  const shown = known || !asked ? state : showNewVersion(state, [placeholderReply(event.messageId, event.userMessageId)]);
  return updateMessage(shown, event.messageId, (m) => ({
    ...m,
    content: "",
    status: "streaming",
    error: null,
    tools: [],
    aiModel: event.aiModel,
    slow: false,
  }));
}

/** Applies one stream event; replaying a reply from `reply_started` gives the same text. */
export function applyEvent(state: ConversationState, event: ChatEvent): ConversationState {
  switch (event.type) {
    case "reply_started":
      return startReply(state, event);
    case "delta":
      return updateMessage(state, event.messageId, (m) => ({ ...m, content: m.content + event.text, slow: false }));
    case "provider_slow":
      return updateMessage(state, event.messageId, (m) => ({ ...m, slow: m.content === "" }));
    case "tool_call":
      return updateMessage(state, event.messageId, (m) => ({
        ...m,
        tools: [...m.tools.filter((t) => t.callId !== event.callId), { name: event.name, callId: event.callId, state: "running" }],
      }));
    case "tool_result":
      return updateMessage(state, event.messageId, (m) => ({
        ...m,
        tools: m.tools.map((t) =>
          t.callId === event.callId ? { ...t, state: event.ok ? "ok" : "failed", result: parsedResult(event.result), at: event.at } : t,
        ),
      }));
    case "error":
      // Shown with the failed status its `done` brings right after the final save.
      return updateMessage(state, event.messageId, (m) => ({ ...m, error: event.message }));
    case "done":
      return updateMessage(state, event.messageId, (m) => ({
        ...m,
        status: event.status,
        error: event.error,
        slow: false,
        usage: event.usage ? { ...event.usage, costUsd: event.costUsd ?? null } : m.usage,
      }));
    case "title":
      return state.session ? { ...state, session: { ...state.session, title: event.title, titleSource: "generated" } } : state;
    case "summary":
    case "branch":
      return state;
    case "conversation_deleted":
      // Its reply stopped with it; what was loaded stays on screen, marked deleted.
      return {
        ...state,
        deletedElsewhere: true,
        messages: state.messages.map((m) => (m.status === "streaming" ? { ...m, status: "stopped" } : m)),
      };
    case "resync":
      // Events were lost: the next loaded page is the truth, even for a streaming message.
      return { ...state, messages: state.messages.map((m) => (m.live ? { ...m, live: false } : m)) };
  }
}

export function isStreaming(state: ConversationState): boolean {
  return state.messages.some((m) => m.role === "assistant" && m.status === "streaming");
}

/** A tool's result as stored with the reply: parsed JSON, or null when it is not JSON. */
function parsedResult(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
