import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { appRouter, createCaller, createContext, type ApiServices, type Logger } from "@parley/api";
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { retryAfterHeader } from "./request-limits.js";

/**
 * The web app's sign-in, sign-up, refresh and sign-out. They call the same tRPC auth procedures
 * as every other client, but the refresh token never reaches page script: it travels only in
 * an httpOnly, SameSite=Strict cookie scoped to this path, so an XSS cannot read it and no other
 * path (or site) ever sends it. The page keeps only the short-lived access token, in memory.
 */
export const BROWSER_AUTH_PATH = "/auth/browser";
export const REFRESH_COOKIE = "parley_refresh";
// The cookie may outlive the token; the server's own expiry (30 days) decides.
const COOKIE_MAX_AGE_SECONDS = 30 * 86_400;
const MAX_BODY_BYTES = 16 * 1024;

export interface BrowserAuthOptions {
  services: ApiServices;
  /** Believe X-Forwarded-Proto/Host from a reverse proxy (PARLEY_TRUST_PROXY). */
  trustProxy: boolean;
  log: Logger;
}

type Action = "sign-in" | "sign-up" | "refresh" | "sign-out";
const actions = new Set<string>(["sign-in", "sign-up", "refresh", "sign-out"]);

function servedOverTls(request: IncomingMessage, trustProxy: boolean): boolean {
  if ((request.socket as TLSSocket).encrypted) return true;
  const forwarded = request.headers["x-forwarded-proto"];
  return trustProxy && typeof forwarded === "string" && forwarded.split(",")[0]?.trim() === "https";
}

/** The origin the page was served from, as the browser sees it. */
function ownOrigin(request: IncomingMessage, trustProxy: boolean): string | null {
  const forwardedHost = trustProxy ? request.headers["x-forwarded-host"] : undefined;
  const host = typeof forwardedHost === "string" ? forwardedHost.split(",")[0]?.trim() : request.headers.host;
  return host ? `${servedOverTls(request, trustProxy) ? "https" : "http"}://${host}` : null;
}

export function readRefreshCookie(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

function refreshCookie(token: string | null, secure: boolean): string {
  const attributes = [`Path=${BROWSER_AUTH_PATH}`, "HttpOnly", "SameSite=Strict", `Max-Age=${token ? COOKIE_MAX_AGE_SECONDS : 0}`];
  if (secure) attributes.push("Secure");
  return [`${REFRESH_COOKIE}=${token ? encodeURIComponent(token) : ""}`, ...attributes].join("; ");
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `A request body can be at most ${MAX_BODY_BYTES} bytes` });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "The request body is not valid JSON", cause });
  }
}

/** A failure in tRPC's own error shape, so clients decode it like any other API error. */
function sendError(response: ServerResponse, error: TRPCError, path: string): void {
  const shape = getErrorShape({ config: appRouter._def._config, error, type: "mutation", path, input: undefined, ctx: undefined });
  response.writeHead(getHTTPStatusCodeFromError(error), {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...retryAfterHeader([error]),
  });
  response.end(JSON.stringify({ error: shape }));
}

async function perform(action: Action, request: IncomingMessage, services: ApiServices) {
  const caller = createCaller(await createContext(services, null, request.socket.remoteAddress ?? null));
  const refreshToken = readRefreshCookie(request);
  switch (action) {
    // The procedures' own zod schemas validate the bodies.
    case "sign-in":
      return caller.auth.signIn((await readJsonBody(request)) as never);
    case "sign-up":
      return caller.auth.signUp((await readJsonBody(request)) as never);
    case "refresh":
      if (!refreshToken) throw new TRPCError({ code: "UNAUTHORIZED", message: "Not signed in" });
      return caller.auth.refresh({ refreshToken });
    case "sign-out":
      // Signing out always clears the cookie; a token already revoked or expired is no error.
      if (refreshToken) await caller.auth.signOut({ refreshToken }).catch(() => undefined);
      return null;
  }
}

/** Handles POST /auth/browser/<action>; anything else under the path is refused. */
export async function handleBrowserAuth(request: IncomingMessage, response: ServerResponse, options: BrowserAuthOptions): Promise<void> {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const action = path.slice(BROWSER_AUTH_PATH.length + 1);
  try {
    if (!actions.has(action)) throw new TRPCError({ code: "NOT_FOUND", message: `No ${path}` });
    if (request.method !== "POST") throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "Use POST" });
    // A cookie is sent with cross-site requests of some kinds; the Origin check refuses them all.
    const origin = request.headers.origin;
    if (!origin || origin !== ownOrigin(request, options.trustProxy)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "This request must come from the Parley web app's own origin" });
    }
    const session = await perform(action as Action, request, options.services);
    const secure = servedOverTls(request, options.trustProxy);
    response.setHeader("set-cookie", refreshCookie(session?.refreshToken ?? null, secure));
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    if (!session) return void response.end(JSON.stringify({ ok: true }));
    const { refreshToken: _kept, ...visible } = session;
    response.end(JSON.stringify(visible));
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    if (error.code === "INTERNAL_SERVER_ERROR")
      options.log.error({ procedure: `auth.${action}`, err: error.cause ?? error }, "browser auth failed");
    // A refresh token that no longer works is cleared, so the page stops presenting it.
    if (action === "refresh" && error.code === "UNAUTHORIZED")
      response.setHeader("set-cookie", refreshCookie(null, servedOverTls(request, options.trustProxy)));
    sendError(response, error, `auth.${action}`);
  }
}
