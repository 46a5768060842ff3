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
  const refresh = tokens.newRefreshToken();
  await prisma.refreshToken.create({
    data: { id: refresh.id, userId: user.id, tokenHash: refresh.tokenHash, expiresAt: refresh.expiresAt },
  });
  return sessionFor(tokens, user, refresh.token);
}

async function sessionFor(tokens: TokenService, user: User, refreshToken: string) {
  const access = await tokens.signAccessToken({ id: user.id, role: user.role });
  return { user: toUserOutput(user), accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken };
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

const sessionExpired = () => new AppError("UNAUTHENTICATED", "Your session has expired; sign in again");

/**
 * Exchanges a refresh token for a new session; the old token is retired and remembers its
 * successor. A retired token presented again means it leaked and ends every session of its user,
 * except within the reuse grace interval while its successor is still live: then the response
 * that carried the successor was most likely lost (a reload mid-refresh), and the caller gets a
 * session of its own instead of being signed out everywhere.
 */
export async function rotateRefreshToken(prisma: PrismaClient, tokens: TokenService, refreshToken: string) {
  const stored = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(refreshToken) },
    include: { user: true },
  });
  if (!stored || stored.expiresAt <= new Date()) throw sessionExpired();
  let retired: { revokedAt: Date | null; replacedById: string | null } = stored;
  if (!stored.revokedAt) {
    const next = tokens.newRefreshToken();
    const rotated = await prisma.$transaction(async (tx) => {
      await tx.refreshToken.create({ data: { id: next.id, userId: stored.userId, tokenHash: next.tokenHash, expiresAt: next.expiresAt } });
      const retired = await tx.refreshToken.updateMany({
        where: { id: stored.id, revokedAt: null },
        data: { revokedAt: new Date(), replacedById: next.id },
      });
      // Another request rotated it first: undo ours and judge the token as retired below.
      if (retired.count === 0) await tx.refreshToken.delete({ where: { id: next.id } });
      return retired.count === 1;
    });
    if (rotated) return sessionFor(tokens, stored.user, next.token);
    // Lost the race: read what the winner made of it.
    retired = await prisma.refreshToken.findUniqueOrThrow({ where: { id: stored.id } });
  }
  if (await withinReuseGrace(prisma, tokens, retired)) return issueSession(prisma, tokens, stored.user);
  await prisma.refreshToken.updateMany({ where: { userId: stored.userId, revokedAt: null }, data: { revokedAt: new Date() } });
  throw sessionExpired();
}

async function withinReuseGrace(
  prisma: PrismaClient,
  tokens: TokenService,
  retired: { revokedAt: Date | null; replacedById: string | null },
): Promise<boolean> {
  if (!retired.revokedAt || !retired.replacedById) return false; // signed out, or ended as leaked
  if (Date.now() - retired.revokedAt.getTime() > tokens.refreshReuseGraceMs) return false;
  const successor = await prisma.refreshToken.findUnique({ where: { id: retired.replacedById } });
  // A successor already exchanged (or signed out) means someone else moved on with the session.
  return successor !== null && successor.revokedAt === null;
}

export async function revokeRefreshToken(prisma: PrismaClient, refreshToken: string): Promise<void> {
  await prisma.refreshToken.updateMany({
    where: { tokenHash: hashRefreshToken(refreshToken), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
