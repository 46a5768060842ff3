import { createHash, randomBytes, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { Actor } from "../db/as-user.js";

const ISSUER = "parley";
const AUDIENCE = "parley-api";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenSettings {
  secret: string;
  accessTtlSeconds?: number;
  refreshTtlDays?: number;
  /**
   * How long a rotated refresh token may be exchanged again while the token that replaced it is
   * unused elsewhere: a reload or a dropped connection can cut off the rotation's response, and
   * the browser then still holds the retired token. Past this, a retired token means it leaked.
   */
  refreshReuseGraceSeconds?: number;
}

export type VerifiedToken = { ok: true; actor: Actor; expiresAt: number } | { ok: false; reason: "expired" | "invalid" };

/** Short-lived signed access tokens (JWT, HS256) and opaque, stored-as-hash refresh tokens. */
export function createTokenService(settings: TokenSettings) {
  const key = new TextEncoder().encode(settings.secret);
  const accessTtlSeconds = settings.accessTtlSeconds ?? 15 * 60;
  const refreshTtlMs = (settings.refreshTtlDays ?? 30) * 86_400_000;

  return {
    accessTtlSeconds,
    refreshReuseGraceMs: (settings.refreshReuseGraceSeconds ?? 30) * 1000,
    async signAccessToken(actor: Actor): Promise<{ token: string; expiresAt: number }> {
      const expiresAt = Math.floor(Date.now() / 1000) + accessTtlSeconds;
      const token = await new SignJWT({ role: actor.role })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(actor.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: expiresAt * 1000 };
    },
    async verifyAccessToken(token: string): Promise<VerifiedToken> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
        const role = payload.role === "admin" ? "admin" : "user";
        // A subject that is not a uuid names no user (and would fail in SQL as a 500).
        if (!payload.sub || !uuid.test(payload.sub) || !payload.exp) return { ok: false, reason: "invalid" };
        return { ok: true, actor: { id: payload.sub, role }, expiresAt: payload.exp * 1000 };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
      }
    },
    newRefreshToken(): { id: string; token: string; tokenHash: string; expiresAt: Date } {
      const token = randomBytes(32).toString("base64url");
      return { id: randomUUID(), token, tokenHash: hashRefreshToken(token), expiresAt: new Date(Date.now() + refreshTtlMs) };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
