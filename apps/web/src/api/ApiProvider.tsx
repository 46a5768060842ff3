import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import type { SessionManager } from "../auth/session-manager";
import { createClients } from "./create-clients";
import { trpc } from "./trpc";

/** Mount with `key={userId}`: a different user gets fresh caches and a fresh socket. */
export function ApiProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  const [clients] = useState(() => createClients(manager));

  useEffect(() => {
    let token = manager.current()?.accessToken;
    const unsubscribe = manager.subscribe(() => {
      const next = manager.current()?.accessToken;
      if (!next || next === token) return;
      token = next;
      // The socket authenticated with the old token; closing it makes the client reconnect with
      // the new one and resubscribe with each stream's last event id.
      const connection = clients.socket.connection;
      if (connection?.state === "open") connection.ws.close();
    });
    return () => {
      unsubscribe();
      void clients.socket.close();
      clients.queryClient.clear();
    };
  }, [clients, manager]);

  return (
    <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
      <QueryClientProvider client={clients.queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
