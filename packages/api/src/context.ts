import type { PrismaClient, SqlRunner } from "@parley/db";
import type { Actor } from "./db/as-user.js";
import type { TokenService } from "./auth/tokens.js";
import type { ChatEngine } from "./chat/engine/chat-engine.js";
import { KEY_PREFIX } from "./keys/api-keys.js";

/** Long-lived things the procedures use, built once by the host (server, tests). */
export interface ApiServices {
  prisma: PrismaClient;
  /** The same connections as `prisma`, without Prisma: the hot-read path (`ctx.read`) runs on it. */
  sql: SqlRunner;
  tokens: TokenService;
  chat: ChatEngine;
}

export type AuthState =
  | { status: "signed-out" }
  | { status: "rejected"; reason: "expired" | "invalid" }
  | { status: "signed-in"; actor: Actor; expiresAt: number }
  /** A program's API key: checked against the database on every call (see trpc.ts). */
  | { status: "api-key"; secret: string };

export interface Context {
  services: ApiServices;
  auth: AuthState;
}

/**
 * One context function for HTTP and WebSocket: the host passes the bearer token it found
 * (the Authorization header, or the WebSocket's connectionParams): a session's access token or
 * an API key.
 */
export async function createContext(services: ApiServices, token: string | null | undefined): Promise<Context> {
  if (!token) return { services, auth: { status: "signed-out" } };
  if (token.startsWith(KEY_PREFIX)) return { services, auth: { status: "api-key", secret: token } };
  const verified = await services.tokens.verifyAccessToken(token);
  const auth: AuthState = verified.ok
    ? { status: "signed-in", actor: verified.actor, expiresAt: verified.expiresAt }
    : { status: "rejected", reason: verified.reason };
  return { services, auth };
}
