/**
 * A queue that one consumer iterates while producers push; iteration ends when `signal`
 * aborts or `end()` is called. Releasing is the consumer's `finally`.
 */
export function createAsyncQueue<T>(signal: AbortSignal) {
  const items: T[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const onAbort = () => end();
  signal.addEventListener("abort", onAbort, { once: true });

  function end() {
    ended = true;
    wake?.();
  }

  async function* iterate(): AsyncGenerator<T> {
    try {
      while (!ended || items.length > 0) {
        const item = items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  return {
    push(item: T) {
      if (ended) return;
      items.push(item);
      wake?.();
    },
    end,
    iterate,
  };
}
