import type { ChatProvider } from "@parley/api";
import type { FirstChunkLog } from "./first-chunks.js";

type StreamRequest = Parameters<ChatProvider["stream"]>[0];

/** The benchmark's reply key: the user message it sent, the last one of the request. */
function replyKeyOf(request: StreamRequest): string {
  const lastUser = request.messages.findLast((message) => message.role === "user");
  return lastUser?.content ?? "";
}

/**
 * Parley's provider, stamping each reply's first text chunk in `log` as the provider hands it
 * to the engine (where the bare relay stamps it too). Past that chunk, `next` is the inner
 * iterator's own, so the stamping costs the relay nothing.
 */
export function timeFirstChunks(provider: ChatProvider, log: FirstChunkLog): ChatProvider {
  return {
    name: provider.name,
    offline: provider.offline,
    complete: (request) => provider.complete(request),
    stream(request) {
      const key = replyKeyOf(request);
      const inner = provider.stream(request)[Symbol.asyncIterator]();
      let waiting = true;
      const stamp = (result: Awaited<ReturnType<typeof inner.next>>) => {
        if (waiting && !result.done && result.value.type === "text") {
          waiting = false;
          log.record(key);
        }
        return result;
      };
      const iterator: AsyncIterableIterator<Awaited<ReturnType<typeof inner.next>>["value"]> = {
        [Symbol.asyncIterator]: () => iterator,
        next: () => (waiting ? inner.next().then(stamp) : inner.next()),
        return: (value?: unknown) => inner.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
      };
      return iterator;
    },
  };
}
