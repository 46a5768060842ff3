import type { ChatProvider } from "@parley/api";
import { wallNow } from "../streaming/clock.js";
import { keyTag } from "../streaming/upstream-api.js";

type StreamRequest = Parameters<ChatProvider["stream"]>[0];
type Chunk = ChatProvider["stream"] extends (request: StreamRequest) => AsyncIterable<infer C> ? C : never;

/** The benchmark puts a reply's key (`<tag>/<index>`) in the user message it sends. */
function replyKeyOf(request: StreamRequest): string {
  const last = request.messages.findLast((message) => message.role === "user");
  return typeof last?.content === "string" ? last.content : "";
}

/**
 * The provider the engine is given, wrapped to note when each reply's first text chunk reaches
 * this server: where the first-token latency starts ("provider's first chunk reaches the
 * server → client has it"), which the upstream's own write time would overstate by the
 * upstream's socket and the SDK's parsing. Only chunks up to the first text one are looked at;
 * later ones are handed on by the source iterator itself, so tokens pay one call, not a
 * generator.
 */
export function stampFirstChunks(provider: ChatProvider) {
  const byTag = new Map<string, Record<string, number>>();

  function stamp(key: string) {
    const tag = keyTag(key);
    const stamps = byTag.get(tag) ?? {};
    stamps[key] ??= wallNow();
    byTag.set(tag, stamps);
  }

  function stream(request: StreamRequest): AsyncIterable<Chunk> {
    const key = replyKeyOf(request);
    return {
      [Symbol.asyncIterator]() {
        const source = provider.stream(request)[Symbol.asyncIterator]();
        let seen = false;
        return {
          next() {
            if (seen) return source.next();
            return source.next().then((result) => {
              if (!result.done && result.value.type === "text") {
                seen = true;
                stamp(key);
              }
              return result;
            });
          },
          return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined }),
        };
      },
    };
  }

  const stamped: ChatProvider = {
    name: provider.name,
    offline: provider.offline,
    stream,
    complete: (request) => provider.complete(request),
  };
  return {
    provider: stamped,
    /** The stamps of scenario `tag`, which are then forgotten. */
    take(tag: string): Record<string, number> {
      const stamps = byTag.get(tag) ?? {};
      byTag.delete(tag);
      return stamps;
    },
  };
}
