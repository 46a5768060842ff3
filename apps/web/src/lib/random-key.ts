/**
 * A key the API accepts as an idempotency key or client message id: 32 hex characters.
 * getRandomValues rather than randomUUID, which exists only on https and localhost.
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
