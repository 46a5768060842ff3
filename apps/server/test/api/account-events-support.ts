import type { AccountEvent } from "@parley/client";
import type { ApiClient } from "../harness.js";

export interface AccountWatch {
  events: AccountEvent[];
  /** Resolves once the server registered the subscription: later changes reach it. */
  started: Promise<void>;
  /** The first error the subscription ended with, if any. */
  error: Promise<unknown>;
  stop(): void;
}

/** Follows `sync.events` as a tab of the client's user would. */
export function watchAccount(api: ApiClient): AccountWatch {
  const events: AccountEvent[] = [];
  let started!: () => void;
  let failed!: (error: unknown) => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const error = new Promise<unknown>((resolve) => (failed = resolve));
  const subscription = api.sync.events.subscribe(undefined, {
    onStarted: () => started(),
    onData: (event) => void events.push(event),
    onError: (caught) => failed(caught),
  });
  return { events, started: startedPromise, error, stop: () => subscription.unsubscribe() };
}

/** The events of `watch` of one type, in order. */
export function ofType<T extends AccountEvent["type"]>(watch: AccountWatch, type: T): Array<Extract<AccountEvent, { type: T }>> {
  return watch.events.filter((event): event is Extract<AccountEvent, { type: T }> => event.type === type);
}
