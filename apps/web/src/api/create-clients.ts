import { createApiClient } from "@parley/client";
import { QueryClient } from "@tanstack/react-query";
import type { SessionManager } from "../auth/session-manager";
import { connectionState } from "./connection-state";
import { isWorthRetrying } from "./errors";

/** One query cache, one WebSocket and one typed client per signed-in user. */
export function createClients(manager: SessionManager) {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && isWorthRetrying(error),
      },
    },
  });
  const { api, reconnect, close } = createApiClient({
    url: location.origin,
    getToken: () => manager.validAccessToken(),
    refreshSession: manager.refresh,
    maxURLLength: 4000,
    keepSocketOpen: true,
    onConnectionChange: connectionState.onChange,
  });
  return { queryClient, api, reconnect, close };
}

export type Clients = ReturnType<typeof createClients>;
