import type { Coordination } from "../coordination/coordination.js";
import { AppError } from "../errors.js";
import type { RateWindow } from "../limits.js";

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Counts one attempt against `key`'s window on the coordination layer (Redis when several
 * instances share it, so the count is the same on every instance), and refuses past the limit
 * with 429 and when to try again. Counted before any work, so attempts made in parallel (or in
 * one HTTP batch) are counted as they come, not after the slow part.
 */
export async function countAttempt(coordination: Coordination, key: string, window: RateWindow, what: string): Promise<void> {
  const { allowed, retryAfterMs } = await coordination.hit(key, window.limit, window.windowMs);
  if (!allowed) throw new AppError("RATE_LIMITED", `Too many ${what}: try again in ${seconds(retryAfterMs)} s`, { retryAfterMs });
}

export const signInAccountKey = (email: string) => `sign-in:account:${email}`;
export const signInAddressKey = (address: string) => `sign-in:address:${address}`;
export const signUpAddressKey = (address: string) => `sign-up:address:${address}`;
