import { TRPCClientError } from "@trpc/client";
import type { RouterInputs, SessionTokens } from "../api/types";

/** What the page holds of a session: the refresh token stays in an httpOnly cookie it cannot read. */
export type BrowserSession = Omit<SessionTokens, "refreshToken">;

type Calls = {
  "sign-in": RouterInputs["auth"]["signIn"];
  "sign-up": RouterInputs["auth"]["signUp"];
  refresh: undefined;
  "sign-out": undefined;
};

/**
 * The server's /auth/browser routes (apps/server/src/http/browser-auth.ts): they set and clear
 * the refresh cookie. Failures come in tRPC's error shape and are thrown as TRPCClientError, so
 * `errorInfo` reads them like any other API error.
 */
export function callBrowserAuth<A extends keyof Calls>(action: A, input?: Calls[A]): Promise<A extends "sign-out" ? null : BrowserSession> {
  const answer = fetch(`/auth/browser/${action}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  return readAnswer(answer).then((body) => (action === "sign-out" ? null : body) as A extends "sign-out" ? null : BrowserSession);
}

declare global {
  interface Window {
    /** The refresh public/session-boot.js started before the bundle loaded. */
    parleyBootRefresh?: Promise<Response>;
  }
}

/**
 * The page's first refresh, already on its way (public/session-boot.js), or null when the boot
 * script did not run. Taken once: every later refresh is the SessionManager's own.
 */
export function takeBootRefresh(): Promise<BrowserSession> | null {
  const started = window.parleyBootRefresh;
  delete window.parleyBootRefresh;
  return started ? readAnswer(started) : null;
}

async function readAnswer(answer: Promise<Response>): Promise<BrowserSession> {
  let response: Response;
  try {
    response = await answer;
  } catch (error) {
    throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
  }
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  if (!response.ok || !body || body.error)
    throw TRPCClientError.from(body?.error ? (body as { error: never }) : new Error(`HTTP ${response.status}`));
  return body as BrowserSession;
}
