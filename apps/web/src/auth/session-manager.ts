import { createApiClient } from "@parley/client";
import { isUnauthorized } from "../api/errors";
import type { RouterInputs } from "../api/types";
import { readStoredSession, STORED_SESSION_KEY, writeStoredSession, type StoredSession } from "./stored-session";

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_MARGIN_MS = 60_000;

type Listener = () => void;

/**
 * Owns the signed-in session outside React: the links read the access token from here, and
 * it refreshes the token before expiry or after an UNAUTHORIZED answer. Refreshes are
 * serialised across tabs with a Web Lock, because the API revokes every session of a user
 * when a rotated refresh token is used twice.
 */
export class SessionManager {
  private session: StoredSession | null = readStoredSession();
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly authApi = createApiClient({ url: location.origin, getToken: () => null, batch: false }).api;

  constructor() {
    window.addEventListener("storage", (event) => {
      if (event.key === STORED_SESSION_KEY || event.key === null) this.adopt(readStoredSession());
    });
    this.schedule();
  }

  current = (): StoredSession | null => this.session;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async signIn(input: RouterInputs["auth"]["signIn"]): Promise<void> {
    this.save(await this.authApi.auth.signIn.mutate(input));
  }

  async signUp(input: RouterInputs["auth"]["signUp"]): Promise<void> {
    this.save(await this.authApi.auth.signUp.mutate(input));
  }

  async signOut(): Promise<void> {
    const refreshToken = this.session?.refreshToken;
    this.save(null);
    if (refreshToken) await this.authApi.auth.signOut.mutate({ refreshToken }).catch(() => undefined);
  }

  /** A token valid for a while yet, refreshed first when it is about to expire. */
  async validAccessToken(): Promise<string | undefined> {
    const session = this.session;
    if (session && session.accessTokenExpiresAt - Date.now() < 10_000) await this.refresh();
    return this.session?.accessToken;
  }

  /** Single-flight refresh; false when the session is gone or the server was unreachable. */
  refresh = (): Promise<boolean> => {
    this.refreshing ??= this.refreshUnderLock().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  };

  private async refreshUnderLock(): Promise<boolean> {
    const stale = this.session?.accessToken;
    const work = () => this.refreshUnlessAnotherTabDid(stale);
    return navigator.locks ? navigator.locks.request("parley-token-refresh", work) : work();
  }

  private async refreshUnlessAnotherTabDid(stale: string | undefined): Promise<boolean> {
    const latest = readStoredSession();
    if (!latest) return this.adopt(null);
    const fresh = latest.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS;
    if (latest.accessToken !== stale && fresh) return this.adopt(latest);
    try {
      this.save(await this.authApi.auth.refresh.mutate({ refreshToken: latest.refreshToken }));
      return true;
    } catch (error) {
      if (isUnauthorized(error)) this.save(null);
      return false;
    }
  }

  private save(session: StoredSession | null): void {
    writeStoredSession(session);
    this.adopt(session);
  }

  private adopt(session: StoredSession | null): boolean {
    this.session = session;
    this.schedule();
    for (const listener of this.listeners) listener();
    return session !== null;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.session) return;
    const delay = Math.max(0, this.session.accessTokenExpiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }
}
