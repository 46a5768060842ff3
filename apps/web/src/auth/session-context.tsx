import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { SessionManager } from "./session-manager";
import type { StoredSession } from "./stored-session";

const SessionContext = createContext<SessionManager | null>(null);

export function SessionProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  return <SessionContext.Provider value={manager}>{children}</SessionContext.Provider>;
}

export function useSessionManager(): SessionManager {
  const manager = useContext(SessionContext);
  if (!manager) throw new Error("useSessionManager needs a SessionProvider");
  return manager;
}

export function useStoredSession(): StoredSession | null {
  const manager = useSessionManager();
  return useSyncExternalStore(manager.subscribe, manager.current);
}
