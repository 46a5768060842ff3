import { appErrorCode, createParleyClient, type ParleyClient, type RouterOutputs } from "@parley/client";
import WebSocket from "ws";
import type { ConfigStore, StoredSession } from "./config-store.js";

// Refresh a little before expiry, so that a request never leaves with a token about to lapse.
const REFRESH_MARGIN_MS = 30_000;

export class NotSignedIn extends Error {}

export function toStoredSession(tokens: RouterOutputs["auth"]["signIn"]): StoredSession {
  const { user, accessToken, accessTokenExpiresAt, refreshToken } = tokens;
  return { userId: user.id, email: user.email, role: user.role, accessToken, accessTokenExpiresAt, refreshToken };
}

const fresh = (session: StoredSession) => session.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS;

/**
 * Two clients of one server: `anonymous` (sign in, refresh) and `client`, whose token comes
 * from the config file and is refreshed when it is about to expire.
 */
export function connect(url: string, store: ConfigStore) {
  const anonymous = createParleyClient({ url, getToken: () => null, WebSocket });
  let session: StoredSession | null | undefined;
  let refreshing: Promise<string> | null = null;

  async function refresh(stale: StoredSession): Promise<string> {
    // Another parley process may have refreshed already: a rotated token must not be used twice.
    const latest = await store.read(url);
    if (latest && latest.refreshToken !== stale.refreshToken && fresh(latest)) return (session = latest).accessToken;
    try {
      session = toStoredSession(await anonymous.auth.refresh.mutate({ refreshToken: stale.refreshToken }));
    } catch (error) {
      if (appErrorCode(error) !== "UNAUTHENTICATED") throw error;
      await store.remove(url);
      throw new NotSignedIn(`Your session with ${url} has expired: run \`parley login\``);
    }
    await store.write(url, session);
    return session.accessToken;
  }

  async function getToken(): Promise<string | null> {
    session ??= await store.read(url);
    if (!session) return null;
    if (fresh(session)) return session.accessToken;
    const stale = session;
    refreshing ??= refresh(stale).finally(() => (refreshing = null));
    return refreshing;
  }

  const client: ParleyClient = createParleyClient({ url, getToken, WebSocket });
  return {
    client,
    anonymous,
    async close() {
      await Promise.all([client.close(), anonymous.close()]);
    },
  };
}

export type Connection = ReturnType<typeof connect>;
