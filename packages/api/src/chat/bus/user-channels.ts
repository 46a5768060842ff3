import type { AccountEvent } from "../../sync/account-events.js";
import { createAsyncQueue } from "./async-queue.js";

/**
 * One channel per user for account news (conversations and models changed), beside the
 * conversations' channels. Fire-and-forget on purpose: nothing is stored and nothing is replayed,
 * since a client that (re)subscribes refetches what it shows anyway, so a missed event costs
 * nothing a reconnect would not. That keeps a publish to one pub/sub message and an idle
 * subscriber to one listener.
 */
export interface UserChannels {
  /** Tells the user's subscribers on every instance; resolves once handed to the bus. */
  publishToUser(userId: string, event: AccountEvent): Promise<void>;
  /**
   * The user's events from now until `signal` aborts. Resolves once the subscription is
   * registered (on Redis: subscribed), so anything published after it resolves is delivered.
   */
  subscribeUser(userId: string, signal: AbortSignal): Promise<AsyncIterable<AccountEvent>>;
}

type Listener = (event: AccountEvent) => void;

/**
 * Listeners by key, each a subscription's queue. `first`/`last` let a Redis registry subscribe
 * to a channel with its first listener on this instance and leave it with its last.
 */
export function createListenerRegistry(hooks: { first?: (key: string) => Promise<void>; last?: (key: string) => void } = {}) {
  // `ready`: the first listener's subscription to the shared channel, which later ones wait for too.
  const entries = new Map<string, { listeners: Set<Listener>; ready: Promise<void> }>();

  async function subscribe(key: string, signal: AbortSignal): Promise<AsyncIterable<AccountEvent>> {
    const queue = createAsyncQueue<AccountEvent>(signal);
    const listener: Listener = (event) => queue.push(event);
    let entry = entries.get(key);
    if (!entry) {
      entry = { listeners: new Set(), ready: hooks.first?.(key) ?? Promise.resolve() };
      entries.set(key, entry);
    }
    const { listeners } = entry;
    listeners.add(listener);
    // Released once, by whichever comes first: the signal, or the consumer ending the iteration
    // (`return` on a generator never started would not run its `finally`: hence an iterator object).
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal.removeEventListener("abort", release);
      queue.end();
      listeners.delete(listener);
      if (listeners.size === 0 && entries.get(key)?.listeners === listeners) {
        entries.delete(key);
        hooks.last?.(key);
      }
    };
    signal.addEventListener("abort", release);
    if (signal.aborted) release();
    try {
      await entry.ready;
    } catch (error) {
      release();
      throw error;
    }
    const events = queue.iterate();
    const iterator: AsyncIterableIterator<AccountEvent, undefined> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => events.next(),
      async return() {
        release();
        await events.return(undefined);
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  return {
    subscribe,
    deliver(key: string, event: AccountEvent) {
      for (const listener of entries.get(key)?.listeners ?? []) listener(event);
    },
    /** Every subscriber on this instance, whatever its key (a reconnect's `resync`). */
    deliverToAll(event: AccountEvent) {
      for (const entry of entries.values()) for (const listener of entry.listeners) listener(event);
    },
    has: (key: string) => entries.has(key),
    /** Listeners held: zero once every subscription ended (leak checks). */
    size: () => [...entries.values()].reduce((sum, entry) => sum + entry.listeners.size, 0),
  };
}

/** A single instance: a publish reaches this process's subscribers directly. */
export function createMemoryUserChannels(): UserChannels & { listenerCount(): number } {
  const registry = createListenerRegistry();
  return {
    async publishToUser(userId, event) {
      registry.deliver(userId, event);
    },
    subscribeUser: (userId, signal) => registry.subscribe(userId, signal),
    listenerCount: registry.size,
  };
}
