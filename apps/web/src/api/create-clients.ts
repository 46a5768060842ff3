import { QueryClient } from "@tanstack/react-query";
import { createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import type { SessionManager } from "../auth/session-manager";
import { errorInfo } from "./errors";
import { refreshOnUnauthorizedLink } from "./refresh-link";
import { trpc } from "./trpc";

const NO_RETRY = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "PRECONDITION_FAILED", "CONFLICT"]);

function socketUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/trpc`;
}

/** One query cache, one WebSocket and one typed client per signed-in user. */
export function createClients(manager: SessionManager) {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !NO_RETRY.has(errorInfo(error).code ?? ""),
      },
    },
  });
  const socket = createWSClient({
    url: socketUrl,
    // The server reads the token once per connection; a refreshed token means a new connection.
    connectionParams: async () => ({ token: (await manager.validAccessToken()) ?? "" }),
  });
  const trpcClient = trpc.createClient({
    links: [
      refreshOnUnauthorizedLink(manager.refresh),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: socket }),
        false: httpBatchLink({
          url: "/trpc",
          maxURLLength: 4000,
          // The server refuses a batch of more than 50 calls (packages/api/src/limits.ts).
          maxItems: 20,
          headers: async (): Promise<Record<string, string>> => {
            const token = await manager.validAccessToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return { queryClient, socket, trpcClient };
}

export type Clients = ReturnType<typeof createClients>;
