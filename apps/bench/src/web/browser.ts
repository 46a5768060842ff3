import { createApiClient } from "@parley/client";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

// Debian's Chromium, never a downloaded one; these flags let it run as root in a container
// (the same as apps/web/e2e/support/browser.ts).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** apps/web/src/auth/stored-session.ts: where the app keeps the session across reloads. */
const STORED_SESSION_KEY = "parley.session";

let accounts = 0;

/** Signs a new user up through the API; the tokens are what the app stores after a sign-in. */
export async function signUp(baseUrl: string) {
  const { api } = createApiClient({ url: baseUrl, getToken: () => null, batch: false });
  const email = `bench${++accounts}-${Date.now()}@example.test`;
  return api.auth.signUp.mutate({ email, password: "correct horse battery", displayName: "Bench Trader" });
}

export type SignedUp = Awaited<ReturnType<typeof signUp>>;

/** A fresh desktop profile already signed in as `session`, as if its sign-in page had been used. */
export function signedInContext(browser: Browser, baseUrl: string, session: SignedUp): Promise<BrowserContext> {
  const value = JSON.stringify({
    user: session.user,
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    refreshToken: session.refreshToken,
  });
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    storageState: { cookies: [], origins: [{ origin: baseUrl, localStorage: [{ name: STORED_SESSION_KEY, value }] }] },
  });
}
