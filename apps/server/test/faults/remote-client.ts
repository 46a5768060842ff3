import { createApiClient } from "@parley/client";
import WebSocket from "ws";

/** A typed client of a server running in another process. */
export function remoteClient(url: string, token?: string) {
  const { api, close } = createApiClient({ url, getToken: () => token, WebSocket });
  return { api, close };
}

export async function signUpOn(url: string) {
  const { api, close } = remoteClient(url);
  const email = `fault-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const session = await api.auth.signUp.mutate({ email, password: "a good password", displayName: "Fault Tester" });
  await close();
  return session;
}
