import { createTRPCClient, type TRPCClient } from "@trpc/client";
import { createLinks, type LinkOptions, type TokenSource } from "./links.js";
import { sendAndStream, type ReplyStream, type SendAndStreamOptions } from "./send-and-stream.js";
import type { AppRouter, SendInput } from "./types.js";

/**
 * A person's session (`getToken`: the current access token, or null when signed out, asked for
 * every request and connection), a program's API key (`apiKey`: `pk_…`, scopes `read` and/or
 * `runs:write`), sent the same way over HTTP and the WebSocket, or neither: a signed-out client
 * (sign-up, sign-in, a shared conversation).
 */
export type ParleyClientOptions = Omit<LinkOptions, "getToken"> &
  ({ getToken?: TokenSource; apiKey?: never } | { apiKey: string; getToken?: never });

const signedOut: TokenSource = () => null;

export interface ChatHelpers {
  /**
   * Sends a message and streams its reply: `for await (const event of client.chat.sendAndStream(input))`.
   * Ends after the reply's `done`; survives dropped connections without losing or repeating text.
   */
  sendAndStream(input: SendInput, options?: SendAndStreamOptions): ReplyStream;
}

type RouterClient = TRPCClient<AppRouter>;

/**
 * tRPC's plain client over Parley's links, for code that wants tRPC's own client type (the web
 * app's query cache, tests); `reconnect` and `close` act on its WebSocket.
 */
export function createApiClient(options: ParleyClientOptions): { api: RouterClient; reconnect(): void; close(): Promise<void> } {
  const { apiKey } = options;
  const getToken: TokenSource = apiKey !== undefined ? () => apiKey : (options.getToken ?? signedOut);
  const { links, reconnect, close } = createLinks({ ...options, getToken });
  return { api: createTRPCClient<AppRouter>({ links }), reconnect, close };
}

/** Every procedure of the API, typed from the router, plus the chat helpers. */
export type ParleyClient = Omit<RouterClient, "chat"> & {
  chat: RouterClient["chat"] & ChatHelpers;
  /** Closes the WebSocket (running subscriptions end); HTTP calls keep working. */
  close(): Promise<void>;
};

/** A typed client for Parley's API. Creating it opens nothing: the WebSocket opens on the first subscription. */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const { api, close } = createApiClient(options);
  const helpers: ChatHelpers = { sendAndStream: (input, streamOptions) => sendAndStream(api, input, streamOptions) };
  // tRPC's client is a proxy that makes up a path for any property; these two put the helpers
  // in front of it and pass everything else through.
  const chat = new Proxy(helpers, {
    get: (target, key) => (key === "sendAndStream" ? target.sendAndStream : Reflect.get(api.chat, key)),
  });
  return new Proxy({ chat, close } as unknown as ParleyClient, {
    get: (target, key) => (key === "chat" || key === "close" ? Reflect.get(target, key) : Reflect.get(api, key)),
  });
}
