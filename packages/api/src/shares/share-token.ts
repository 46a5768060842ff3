import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes (256 bits), URL-safe: the link's only secret. */
export function newShareToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this is stored: a database leak reveals no working link. */
export function hashShareToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
