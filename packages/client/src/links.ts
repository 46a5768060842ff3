import {
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCLink,
  type WebSocketClientOptions,
} from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "./types.js";

/**
 * A WebSocket constructor: the browser's own, or in Node 20 (which has none) the `ws` package's
 * default export. Typed loosely so that both fit without a DOM library or a cast.
 */
export type WebSocketImplementation = abstract new (url: string, protocols?: string | string[]) => object;

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface LinkOptions {
  url: string;
  getToken: TokenSource;
  WebSocket?: WebSocketImplementation | undefined;
}

/** `http://host:3000` or `http://host:3000/` → `http://host:3000/trpc`. */
export function apiUrl(url: string): string {
  return new URL("trpc", url.endsWith("/") ? url : `${url}/`).toString();
}

function noWebSocketLink(): TRPCLink<AppRouter> {
  const message = "Subscriptions need a WebSocket: in Node 20 pass `WebSocket` from the `ws` package to createParleyClient";
  return () => () => observable((observer) => observer.error(new TRPCClientError(message)));
}

function webSocketClient(options: LinkOptions, implementation: WebSocketImplementation) {
  return createWSClient({
    url: apiUrl(options.url).replace(/^http/, "ws"),
    // tRPC types this as the DOM's WebSocket; the `ws` class is compatible at run time.
    WebSocket: implementation as unknown as WebSocketClientOptions["WebSocket"],
    // Open only while a subscription runs: each connection then carries a current token.
    lazy: { enabled: true, closeMs: 0 },
    // Notices a connection that died silently (a sleeping laptop, a dropped NAT entry).
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
    connectionParams: async () => {
      const token = await options.getToken();
      return token ? { token } : {};
    },
  });
}

/** Queries and mutations over batched HTTP with a bearer token; subscriptions over a WebSocket. */
export function createLinks(options: LinkOptions) {
  const implementation = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketImplementation }).WebSocket;
  const socket = implementation ? webSocketClient(options, implementation) : null;
  const http = httpBatchLink<AppRouter>({
    url: apiUrl(options.url),
    // The server refuses a batch of more than 50 calls (packages/api/src/limits.ts).
    maxItems: 20,
    headers: async () => {
      const token = await options.getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  const links = [
    splitLink<AppRouter>({
      condition: (op) => op.type === "subscription",
      true: socket ? wsLink<AppRouter>({ client: socket }) : noWebSocketLink(),
      false: http,
    }),
  ];
  return { links, close: async () => socket?.close() };
}
