import { CLIENT_BATCH_ITEMS, type AppRouter } from "@parley/api";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import WebSocket from "ws";

/** A typed client of a server running in another process. */
export function remoteClient(url: string, token?: string) {
  const ws = createWSClient({
    url: `${url.replace("http", "ws")}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    lazy: { enabled: true, closeMs: 0 },
    connectionParams: () => (token ? { token } : {}),
  });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws }),
        false: httpBatchLink({ url: `${url}/trpc`, maxItems: CLIENT_BATCH_ITEMS, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
  return { api, close: () => ws.close() };
}

export async function signUpOn(url: string) {
  const { api, close } = remoteClient(url);
  const email = `fault-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const session = await api.auth.signUp.mutate({ email, password: "a good password", displayName: "Fault Tester" });
  close();
  return session;
}
