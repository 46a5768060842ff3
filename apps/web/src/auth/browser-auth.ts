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
export async function callBrowserAuth<A extends keyof Calls>(
  action: A,
  input?: Calls[A],
): Promise<A extends "sign-out" ? null : BrowserSession> {
  let response: Response;
  try {
    response = await fetch(`/auth/browser/${action}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
  } catch (error) {
    throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
  }
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  if (!response.ok || !body || body.error)
    throw TRPCClientError.from(body?.error ? (body as { error: never }) : new Error(`HTTP ${response.status}`));
  return (action === "sign-out" ? null : body) as A extends "sign-out" ? null : BrowserSession;
}
