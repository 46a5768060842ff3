import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import { storableText } from "../storable-text.js";

/** What a key may do: read (queries and subscriptions of models and runs) and write runs. */
export const keyScopes = ["read", "runs:write"] as const;
export type KeyScope = (typeof keyScopes)[number];

/** Every key starts so: the server tells a key from a session token by it, and so can a person. */
export const KEY_PREFIX = "pk_";

export const createKeyInput = z.strictObject({
  name: storableText().min(1, "Give the key a name").max(100, "A key's name can be at most 100 characters"),
  scopes: z.array(z.enum(keyScopes)).min(1, "A key needs at least one scope").max(keyScopes.length),
});

export const keyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(keyScopes)),
  /** The first characters of the secret, to tell keys apart; never the secret itself. */
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type KeyOutput = z.infer<typeof keyOutput>;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

const keySelect = { id: true, name: true, scopes: true, keyPrefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

interface KeyRow {
  id: string;
  name: string;
  scopes: string[];
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toKeyOutput(row: KeyRow): KeyOutput {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter((scope): scope is KeyScope => (keyScopes as readonly string[]).includes(scope)),
    prefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Stores a new key's hash; the secret is returned here once and can never be read again. */
export async function createApiKey(tx: Db, actor: Actor, input: z.infer<typeof createKeyInput>) {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await tx.apiKey.create({
    data: {
      userId: actor.id,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      keyHash: hashApiKey(secret),
      keyPrefix: secret.slice(0, 10),
    },
    select: keySelect,
  });
  return { key: toKeyOutput(row), secret };
}

export async function listApiKeys(tx: Db, actor: Actor): Promise<KeyOutput[]> {
  const rows = await tx.apiKey.findMany({
    where: { userId: actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: keySelect,
  });
  return rows.map(toKeyOutput);
}

/** Revoking twice keeps the first time; the key is refused from the next call on, everywhere. */
export async function revokeApiKey(tx: Db, actor: Actor, keyId: string): Promise<KeyOutput> {
  await tx.apiKey.updateMany({ where: { id: keyId, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await tx.apiKey.findFirst({ where: { id: keyId, userId: actor.id }, select: keySelect });
  if (!row) throw notFound("API key");
  return toKeyOutput(row);
}
