import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import type { SessionManager } from "../auth/session-manager";
import { createClients } from "./create-clients";
import { TRPCProvider } from "./trpc";

/** Mount with `key={userId}`: a different user gets fresh caches and a fresh socket. */
export function ApiProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  const [clients] = useState(() => createClients(manager));

  useEffect(() => {
    let token = manager.current()?.accessToken;
    const unsubscribe = manager.subscribe(() => {
      const next = manager.current()?.accessToken;
      if (!next || next === token) return;
      token = next;
      // The socket authenticated with the old token; reconnecting sends the new one and
      // resubscribes with each stream's last event id.
      clients.reconnect();
    });
    return () => {
      unsubscribe();
      void clients.close();
      clients.queryClient.clear();
    };
  }, [clients, manager]);

  return (
    <QueryClientProvider client={clients.queryClient}>
      <TRPCProvider trpcClient={clients.api} queryClient={clients.queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
