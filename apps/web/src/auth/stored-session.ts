import type { SessionTokens } from "../api/types";
import { readJson, writeJson } from "../lib/storage";

/** What keeps a user signed in across reloads (and what other tabs share). */
export type StoredSession = SessionTokens;

const KEY = "parley.session";

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== "object" || value === null) return false;
  const session = value as Partial<StoredSession>;
  return (
    typeof session.refreshToken === "string" &&
    typeof session.accessToken === "string" &&
    typeof session.accessTokenExpiresAt === "number" &&
    typeof session.user?.id === "string"
  );
}

export const readStoredSession = () => readJson(KEY, isStoredSession);
export const writeStoredSession = (session: StoredSession | null) => writeJson(KEY, session);
export const STORED_SESSION_KEY = KEY;
