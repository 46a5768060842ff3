/** A one-consumer async iterable fed by callbacks: what bridges a subscription to `for await`. */
export interface EventQueue<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** No more items: the loop ends once the buffered ones are read. */
  end(): void;
  /** The loop throws `error` once the buffered items are read. */
  fail(error: unknown): void;
  /** Runs `release` once the queue closes: ended, failed, or left early by the consumer. */
  onClose(release: () => void): void;
  readonly closed: boolean;
}

type Waiter<T> = { resolve(result: IteratorResult<T>): void; reject(error: unknown): void };

export function createEventQueue<T>(): EventQueue<T> {
  const buffered: T[] = [];
  const releases: Array<() => void> = [];
  let waiter: Waiter<T> | null = null;
  let outcome: { error: unknown } | "ended" | null = null;

  function settle() {
    if (!waiter) return;
    const current = waiter;
    const item = buffered.shift();
    if (item !== undefined) current.resolve({ value: item, done: false });
    else if (outcome === "ended") current.resolve({ value: undefined, done: true });
    else if (outcome) current.reject(outcome.error);
    else return;
    waiter = null;
  }

  function close(how: { error: unknown } | "ended") {
    if (outcome) return;
    outcome = how;
    for (const release of releases.splice(0)) release();
    settle();
  }

  const iterator: AsyncIterator<T> = {
    next: () =>
      new Promise<IteratorResult<T>>((resolve, reject) => {
        waiter = { resolve, reject };
        settle();
      }),
    async return() {
      buffered.length = 0;
      close("ended");
      return { value: undefined, done: true };
    },
  };

  return {
    push(item) {
      if (outcome) return;
      buffered.push(item);
      settle();
    },
    end: () => close("ended"),
    fail: (error) => close({ error }),
    onClose(release) {
      if (outcome) release();
      else releases.push(release);
    },
    get closed() {
      return outcome !== null;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
}
