// Per user, the tail of the queue of sends running on this instance.
const tails = new Map<string, Promise<unknown>>();

/**
 * Runs a user's sends on this instance one after the other, before they take a database
 * connection. The database lock (`lockUsersReplies`) is what makes the concurrent-replies count
 * exact on every instance; this keeps a burst of one user's sends (fifty at once) from holding
 * fifty pooled connections while they wait on that lock, which would starve everyone else.
 */
export function oneSendAtATime<T>(userId: string, send: () => Promise<T>): Promise<T> {
  const previous = tails.get(userId) ?? Promise.resolve();
  const result = previous.then(send, send);
  const tail = result.catch(() => undefined);
  tails.set(userId, tail);
  void tail.then(() => {
    if (tails.get(userId) === tail) tails.delete(userId);
  });
  return result;
}
