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

let accounts = 0;

/** Signs a new user up through the API. */
export async function signUp(baseUrl: string) {
  const { api } = createApiClient({ url: baseUrl, getToken: () => null, batch: false });
  const email = `bench${++accounts}-${Date.now()}@example.test`;
  return api.auth.signUp.mutate({ email, password: "correct horse battery", displayName: "Bench Trader" });
}

export type SignedUp = Awaited<ReturnType<typeof signUp>>;

/**
 * A fresh desktop profile already signed in as `session`, as if its sign-in page had been used:
 * the refresh cookie the server sets (apps/server/src/http/browser-auth.ts); the page keeps
 * nothing else, and its first load refreshes from it.
 */
export function signedInContext(browser: Browser, baseUrl: string, session: SignedUp): Promise<BrowserContext> {
  const cookie = {
    name: "parley_refresh",
    value: encodeURIComponent(session.refreshToken),
    domain: new URL(baseUrl).hostname,
    path: "/auth/browser",
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: "Strict" as const,
  };
  return browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: { cookies: [cookie], origins: [] } });
}
