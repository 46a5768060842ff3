import type { EventBus } from "@parley/api";
import { wallNow } from "../streaming/clock.js";

/**
 * The bus the engine and chat.stream are given, wrapped to note when each conversation's first
 * delta is handed to a viewer's subscription on this instance: it splits the first-token latency
 * into the bus (in-process: nothing; over Redis: A → Redis → B) and the rest (tRPC, the socket,
 * the client). Events pass through the source iterator; each pays one promise and a lookup.
 */
export function stampFirstDeltas(bus: EventBus) {
  let stamps = new Map<number, number>();
  const stamped: EventBus = {
    publish: (sessionId, event) => bus.publish(sessionId, event),
    subscribe(sessionId, lastEventId, signal) {
      const source = bus.subscribe(sessionId, lastEventId, signal)[Symbol.asyncIterator]();
      const iterator: AsyncIterableIterator<Awaited<ReturnType<typeof source.next>>["value"]> = {
        [Symbol.asyncIterator]: () => iterator,
        next: () =>
          source.next().then((result) => {
            if (!result.done && result.value.event.type === "delta" && !stamps.has(sessionId)) stamps.set(sessionId, wallNow());
            return result;
          }),
        return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
      };
      return iterator;
    },
    publishedText: (sessionId, messageId) => bus.publishedText(sessionId, messageId),
    settle: (sessionId) => bus.settle(sessionId),
    publishToUser: (userId, event) => bus.publishToUser(userId, event),
    subscribeUser: (userId, signal) => bus.subscribeUser(userId, signal),
    close: () => bus.close(),
  };
  return {
    bus: stamped,
    /** wallNow() of each conversation's first delta since the last take, by conversation id. */
    take(): Record<number, number> {
      const taken = Object.fromEntries(stamps);
      stamps = new Map();
      return taken;
    },
  };
}
