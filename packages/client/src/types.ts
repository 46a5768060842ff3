// Types only: the router's shape comes from @parley/api at compile time and never at run time,
// so a browser bundle of this client holds no server code.
import type { AppErrorCode, AppRouter } from "@parley/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type { AppErrorCode, AppRouter };

/** Every procedure's input, e.g. `RouterInputs["chat"]["send"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs["sessions"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type SendInput = RouterInputs["chat"]["send"];
export type SendOutput = RouterOutputs["chat"]["send"];
export type Message = RouterOutputs["sessions"]["messages"]["messages"][number];

// Read off `chat.stream`'s output rather than imported from the API's zod schema, so the packed
// declarations need the router's type alone and no zod.
type StreamItem = RouterOutputs["chat"]["stream"] extends AsyncIterable<infer Item> ? Item : never;
/** Every event of `chat.stream`. */
export type ChatEvent = StreamItem extends { data: infer Event } ? Event : never;

/**
 * What `chat.sendAndStream` yields: the reply's own events (`reply_started`, `delta`,
 * `tool_call`, `tool_result`, `done`) and conversation news (`title`, `summary`). `resync` is
 * handled inside: it never reaches the caller.
 */
// `branch` (another version shown) is about the conversation, not a reply: a reply's follower drops it.
export type ReplyEvent = Exclude<ChatEvent, { type: "resync" | "branch" }>;
export type DoneEvent = Extract<ChatEvent, { type: "done" }>;

/** Every event of `sync.events`: what changed in the signed-in user's account (ids only). */
export type AccountEvent = RouterOutputs["sync"]["events"] extends AsyncIterable<infer Event> ? Event : never;
