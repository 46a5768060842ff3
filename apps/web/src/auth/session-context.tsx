import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { BrowserSession } from "./browser-auth";
import type { SessionManager, SessionState } from "./session-manager";

const SessionContext = createContext<SessionManager | null>(null);

export function SessionProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  return <SessionContext.Provider value={manager}>{children}</SessionContext.Provider>;
}

export function useSessionManager(): SessionManager {
  const manager = useContext(SessionContext);
  if (!manager) throw new Error("useSessionManager needs a SessionProvider");
  return manager;
}

export function useSessionState(): SessionState {
  const manager = useSessionManager();
  return useSyncExternalStore(manager.subscribe, manager.snapshot);
}

export function useSession(): BrowserSession | null {
  return useSessionState().session;
}
