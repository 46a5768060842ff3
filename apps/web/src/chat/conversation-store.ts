import { useCallback, useSyncExternalStore } from "react";
import { emptyConversation, type ConversationState } from "./chat-message";

type Listener = () => void;

const MAX_KEPT = 20;

/**
 * What each open conversation shows, outside React. It outlives a view, so the first message
 * sent from an ephemeral "new" page is still on screen (and still streaming) after the URL
 * changes to the new conversation's, whether or not React keeps the component.
 */
class ConversationStore {
  private readonly states = new Map<number, ConversationState>();
  private readonly listeners = new Map<number, Set<Listener>>();

  get = (sessionId: number): ConversationState => this.states.get(sessionId) ?? emptyConversation;

  has = (sessionId: number): boolean => this.states.has(sessionId);

  update(sessionId: number, change: (state: ConversationState) => ConversationState): void {
    const next = change(this.get(sessionId));
    this.states.delete(sessionId);
    this.states.set(sessionId, next);
    this.evictOld();
    for (const listener of this.listeners.get(sessionId) ?? []) listener();
  }

  subscribe(sessionId: number, listener: Listener): () => void {
    const set = this.listeners.get(sessionId) ?? new Set();
    set.add(listener);
    this.listeners.set(sessionId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionId);
    };
  }

  clear(): void {
    this.states.clear();
  }

  // Map order is insertion order and update() re-inserts, so the first keys are the least recent.
  private evictOld(): void {
    for (const id of this.states.keys()) {
      if (this.states.size <= MAX_KEPT) return;
      if (!this.listeners.has(id)) this.states.delete(id);
    }
  }
}

export const conversations = new ConversationStore();

export function useConversationState(sessionId: number | null): ConversationState {
  const subscribe = useCallback(
    (listener: Listener) => (sessionId === null ? () => undefined : conversations.subscribe(sessionId, listener)),
    [sessionId],
  );
  const snapshot = useCallback(() => (sessionId === null ? emptyConversation : conversations.get(sessionId)), [sessionId]);
  return useSyncExternalStore(subscribe, snapshot);
}
