import { isUnauthorized } from "../api/errors";
import type { RouterInputs } from "../api/types";
import { callBrowserAuth, takeBootRefresh, type BrowserSession } from "./browser-auth";

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_MARGIN_MS = 60_000;
const LOCK = "parley-token-refresh";
const CHANNEL = "parley-session";

/** `checking`: the page has just loaded and asks the server whether its cookie still signs it in. */
export interface SessionState {
  checking: boolean;
  session: BrowserSession | null;
}

type Listener = () => void;
type TabMessage = { kind: "session"; session: BrowserSession } | { kind: "signed-out" };

/**
 * Owns the signed-in session outside React. The access token lives only in this object's
 * memory; the refresh token only in an httpOnly cookie (so a reload asks the server again).
 * Refreshes run under a Web Lock shared by every tab, because the API revokes every session of
 * a user when a rotated refresh token is used twice, and the tab that refreshed shares the new
 * access token with the others over a BroadcastChannel.
 */
export class SessionManager {
  private state: SessionState = { checking: true, session: null };
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;

  constructor() {
    this.channel?.addEventListener("message", (event: MessageEvent<TabMessage>) => {
      this.adopt(event.data.kind === "session" ? event.data.session : null);
    });
    // The boot script's refresh, started while the bundle downloaded, is this page's first one.
    const boot = takeBootRefresh();
    if (boot) void this.singleFlight(() => this.settle(boot));
    else void this.refresh();
  }

  snapshot = (): SessionState => this.state;
  current = (): BrowserSession | null => this.state.session;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async signIn(input: RouterInputs["auth"]["signIn"]): Promise<void> {
    this.publish(await this.underLock(() => callBrowserAuth("sign-in", input)));
  }

  async signUp(input: RouterInputs["auth"]["signUp"]): Promise<void> {
    this.publish(await this.underLock(() => callBrowserAuth("sign-up", input)));
  }

  /**
   * Signs every tab out; the server revokes the token and clears the cookie. The server first:
   * shown signed out while the call was in flight, a reload at once cancelled it and the cookie
   * signed the user straight back in. Unreachable, the tabs are signed out all the same.
   */
  async signOut(): Promise<void> {
    await this.underLock(() => callBrowserAuth("sign-out")).catch(() => undefined);
    this.publish(null);
  }

  /** A token valid for a while yet, refreshed first when it is about to expire. */
  async validAccessToken(): Promise<string | undefined> {
    const session = this.state.session;
    if (session && session.accessTokenExpiresAt - Date.now() < 10_000) await this.refresh();
    return this.state.session?.accessToken;
  }

  /** Single-flight refresh; false when the session is gone or the server was unreachable. */
  refresh = (): Promise<boolean> => {
    const stale = this.state.session?.accessToken;
    return this.singleFlight(() => this.underLock(() => this.refreshUnlessAnotherTabDid(stale)));
  };

  private singleFlight(work: () => Promise<boolean>): Promise<boolean> {
    this.refreshing ??= work().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async underLock<T>(work: () => Promise<T>): Promise<T> {
    return navigator.locks ? await navigator.locks.request(LOCK, work) : work();
  }

  private async refreshUnlessAnotherTabDid(stale: string | undefined): Promise<boolean> {
    const latest = this.state.session;
    if (latest && latest.accessToken !== stale && latest.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS) return true;
    return this.settle(callBrowserAuth("refresh"));
  }

  /** Adopts a refresh's answer: signed out when the cookie no longer works, unchanged when unreachable. */
  private async settle(answer: Promise<BrowserSession>): Promise<boolean> {
    try {
      this.publish(await answer);
      return true;
    } catch (error) {
      if (isUnauthorized(error)) this.publish(null);
      else this.adopt(this.state.session);
      return false;
    }
  }

  /** Adopts a change made here and tells the other tabs. */
  private publish(session: BrowserSession | null): void {
    this.adopt(session);
    this.channel?.postMessage((session ? { kind: "session", session } : { kind: "signed-out" }) satisfies TabMessage);
  }

  private adopt(session: BrowserSession | null): void {
    this.state = { checking: false, session };
    this.schedule();
    for (const listener of this.listeners) listener();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const session = this.state.session;
    if (!session) return;
    const delay = Math.max(0, session.accessTokenExpiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }
}
