import { hashPassword, verifyPassword } from "@parley/db";
import { AppError } from "../errors.js";
import { createKeyedTurns } from "../keyed-turns.js";
import { defaultAbuseLimits } from "../limits.js";

// scrypt takes ~100 ms of a libuv thread and 32 MB per hash: unbounded, one caller's burst of
// sign-ins queues everyone else's behind it (the acceptance round measured ~10 s).
const { hashingConcurrency, hashingQueue } = defaultAbuseLimits;
let running = 0;
const waiting: Array<() => void> = [];
const oneHashPerCaller = createKeyedTurns();

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= hashingConcurrency) {
    if (waiting.length >= hashingQueue) {
      throw new AppError("SERVER_BUSY", "Too many sign-ins at once: try again in a moment", { retryAfterMs: 1_000 });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * Password hashing, bounded: at most `hashingConcurrency` hashes at once in this process, and
 * one at a time per caller (client address), so a caller's burst waits on itself while
 * others' sign-ins take the free slot.
 */
function bounded<T>(caller: string | null, work: () => Promise<T>): Promise<T> {
  return caller ? oneHashPerCaller(caller, () => withHashingSlot(work)) : withHashingSlot(work);
}

export const hashPasswordBounded = (caller: string | null, password: string) => bounded(caller, () => hashPassword(password));
export const verifyPasswordBounded = (caller: string | null, password: string, stored: string) =>
  bounded(caller, () => verifyPassword(password, stored));
