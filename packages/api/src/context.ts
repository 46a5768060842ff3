import type { PrismaClient, SqlRunner } from "@parley/db";
import type { Actor } from "./db/as-user.js";
import type { TokenService } from "./auth/tokens.js";
import type { ChatEngine } from "./chat/engine/chat-engine.js";
import { currentAccount } from "./auth/current-accounts.js";
import { translateDatabaseError } from "./db/database-errors.js";

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
  | { status: "signed-in"; actor: Actor; expiresAt: number };

export interface Context {
  services: ApiServices;
  auth: AuthState;
}

/**
 * One context function for HTTP and WebSocket: the host passes the bearer token it found
 * (the Authorization header, or the WebSocket's connectionParams).
 */
export async function createContext(services: ApiServices, token: string | null | undefined): Promise<Context> {
  if (!token) return { services, auth: { status: "signed-out" } };
  const verified = await services.tokens.verifyAccessToken(token);
  if (!verified.ok) return { services, auth: { status: "rejected", reason: verified.reason } };
  const actor = await currentAccount(services.sql, verified.actor.id).catch((error: unknown) => {
    throw translateDatabaseError(error) ?? error;
  });
  if (!actor) return { services, auth: { status: "rejected", reason: "invalid" } };
  return { services, auth: { status: "signed-in", actor, expiresAt: verified.expiresAt } };
}
