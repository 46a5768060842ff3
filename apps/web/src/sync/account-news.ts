import type { AccountEvent } from "@parley/client";
import { useEffect, useRef } from "react";

type Listener = (event: AccountEvent) => void;

const listeners = new Set<Listener>();

/** Hands each `sync.events` event to the views that act on it beyond refetching queries. */
export function emitAccountNews(event: AccountEvent): void {
  for (const listener of listeners) listener(event);
}

/** Calls `onEvent` (the latest one given) for each account event while mounted. */
export function useAccountNews(onEvent: Listener): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    const listener: Listener = (event) => latest.current(event);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
}

/** The conversations an event is about (none for a model's or a resync). */
export function conversationsOf(event: AccountEvent): number[] {
  if ("sessionIds" in event) return event.sessionIds;
  return event.type === "session_activated" ? [event.sessionId] : [];
}
