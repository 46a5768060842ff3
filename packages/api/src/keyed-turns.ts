/**
 * Work that must run one at a time per key (a user, a client address) on this instance: each
 * call waits for the previous one of its key, whatever that one's outcome. Keys with nothing
 * queued hold nothing.
 */
export function createKeyedTurns() {
  const tails = new Map<string, Promise<unknown>>();
  return function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

/**
 * A user's sends, retries and conversation switches on this instance, one after the other,
 * before they take a database connection. The database locks (`lockUsersReplies`, the
 * context's lock) are what make them correct on every instance; this keeps a burst of one
 * user's calls (fifty at once) from holding every pooled connection while they wait on those
 * locks, which starved everyone else and ended in timeouts.
 */
export const userTurns = createKeyedTurns();
