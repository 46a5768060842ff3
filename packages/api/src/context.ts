import type { PrismaClient, SqlRunner } from "@parley/db";
import type { Actor } from "./db/as-user.js";
import type { TokenService } from "./auth/tokens.js";
import type { ChatEngine } from "./chat/engine/chat-engine.js";
import { currentAccount } from "./auth/current-accounts.js";
import { translateDatabaseError } from "./db/database-errors.js";
import { defaultAbuseLimits, defaultAllowedAiModels, type AbuseLimits } from "./limits.js";
import { KEY_PREFIX } from "./keys/api-keys.js";

/** Long-lived things the procedures use, built once by the host (server, tests). */
export interface ApiServices {
  prisma: PrismaClient;
  /** The same connections as `prisma`, without Prisma: the hot-read path (`ctx.read`) runs on it. */
  sql: SqlRunner;
  tokens: TokenService;
  chat: ChatEngine;
  /** Sign-in, sign-up and creation limits; `defaultAbuseLimits` when not given. */
  abuseLimits?: AbuseLimits;
  /** The AI models a trading model may use; `defaultAllowedAiModels` when not given. */
  allowedAiModels?: readonly string[];
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
  /** The caller's network address as the host saw it (sign-in and sign-up are limited per address). */
  clientAddress: string | null;
}

/**
 * One context function for HTTP and WebSocket: the host passes the bearer token it found
 * (the Authorization header, or the WebSocket's connectionParams): a session's access token or
 * an API key.
 */
export async function createContext(
  services: ApiServices,
  token: string | null | undefined,
  clientAddress: string | null = null,
): Promise<Context> {
  const context = (auth: AuthState): Context => ({ services, auth, clientAddress });
  if (!token) return context({ status: "signed-out" });
  if (token.startsWith(KEY_PREFIX)) return context({ status: "api-key", secret: token });
  const verified = await services.tokens.verifyAccessToken(token);
  if (!verified.ok) return context({ status: "rejected", reason: verified.reason });
  const actor = await currentAccount(services.sql, verified.actor.id).catch((error: unknown) => {
    throw translateDatabaseError(error) ?? error;
  });
  if (!actor) return context({ status: "rejected", reason: "invalid" });
  return context({ status: "signed-in", actor, expiresAt: verified.expiresAt });
}

export const abuseLimitsOf = (services: ApiServices): AbuseLimits => services.abuseLimits ?? defaultAbuseLimits;
export const allowedAiModelsOf = (services: ApiServices): readonly string[] => services.allowedAiModels ?? defaultAllowedAiModels;
