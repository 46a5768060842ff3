import { type PrismaClient, type User } from "@parley/db";
import { AppError } from "../errors.js";
import { hashPasswordBounded, verifyPasswordBounded } from "./password-work.js";
import { hashRefreshToken, type TokenService } from "./tokens.js";
import type { UserOutput } from "./schemas.js";

// Accounts are looked up before anyone is signed in, so these run as the owner, not under RLS.

export function toUserOutput(user: Pick<User, "id" | "email" | "displayName" | "role" | "createdAt">): UserOutput {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, createdAt: user.createdAt.toISOString() };
}

export async function issueSession(prisma: PrismaClient, tokens: TokenService, user: User) {
  const access = await tokens.signAccessToken({ id: user.id, role: user.role });
  const refresh = tokens.newRefreshToken();
  await prisma.refreshToken.create({
    data: { userId: user.id, tokenHash: refresh.tokenHash, expiresAt: refresh.expiresAt },
  });
  return {
    user: toUserOutput(user),
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
  };
}

/** `caller`: the client's address, whose password hashing takes turns (password-work.ts). */
export async function signUp(prisma: PrismaClient, input: { email: string; password: string; displayName: string }, caller: string | null) {
  const passwordHash = await hashPasswordBounded(caller, input.password);
  try {
    return await prisma.user.create({ data: { email: input.email, displayName: input.displayName, passwordHash } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
    }
    throw error;
  }
}

// Verifying against a real hash even for unknown emails keeps the response time from telling
// which emails have accounts.
let decoyHash: Promise<string> | undefined;

export async function checkCredentials(
  prisma: PrismaClient,
  credentials: { email: string; password: string },
  caller: string | null,
): Promise<User> {
  const user = await prisma.user.findUnique({ where: { email: credentials.email } });
  decoyHash ??= hashPasswordBounded(null, "decoy password for timing");
  const valid = await verifyPasswordBounded(caller, credentials.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !valid) throw new AppError("UNAUTHENTICATED", "Email or password is incorrect");
  return user;
}

/** Exchanges a refresh token for a new session; the old token stops working. */
export async function rotateRefreshToken(prisma: PrismaClient, tokens: TokenService, refreshToken: string) {
  const stored = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(refreshToken) },
    include: { user: true },
  });
  if (!stored || stored.expiresAt <= new Date()) {
    throw new AppError("UNAUTHENTICATED", "Your session has expired; sign in again");
  }
  if (stored.revokedAt) {
    // A rotated token used again means it leaked: end every session of that user.
    await prisma.refreshToken.updateMany({ where: { userId: stored.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    throw new AppError("UNAUTHENTICATED", "Your session has expired; sign in again");
  }
  const revoked = await prisma.refreshToken.updateMany({
    where: { id: stored.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (revoked.count === 0) throw new AppError("UNAUTHENTICATED", "Your session has expired; sign in again");
  return issueSession(prisma, tokens, stored.user);
}

export async function revokeRefreshToken(prisma: PrismaClient, refreshToken: string): Promise<void> {
  await prisma.refreshToken.updateMany({
    where: { tokenHash: hashRefreshToken(refreshToken), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
