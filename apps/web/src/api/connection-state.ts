import { useSyncExternalStore } from "react";

type Listener = () => void;

/**
 * Whether the WebSocket is down, for "Reconnecting…". It starts as up: the socket only counts
 * as lost once it was open and closed (tRPC then reconnects by itself with backoff).
 */
function createConnectionState() {
  let reconnecting = false;
  let wasOpen = false;
  const listeners = new Set<Listener>();
  const set = (next: boolean) => {
    if (next === reconnecting) return;
    reconnecting = next;
    for (const listener of listeners) listener();
  };
  return {
    onChange(open: boolean) {
      if (open) wasOpen = true;
      set(!open && wasOpen);
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    reconnecting: () => reconnecting,
  };
}

export const connectionState = createConnectionState();

export function useReconnecting(): boolean {
  return useSyncExternalStore(connectionState.subscribe, connectionState.reconnecting);
}
