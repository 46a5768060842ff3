import {
  createWSClient,
  httpBatchLink,
  httpLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCLink,
  type WebSocketClientOptions,
} from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { refreshOnUnauthorizedLink } from "./refresh-link.js";
import type { AppRouter } from "./types.js";

/**
 * A WebSocket constructor: the browser's own, or in Node 20 (which has none) the `ws` package's
 * default export. Typed loosely so that both fit without a DOM library or a cast.
 */
export type WebSocketImplementation = abstract new (url: string, protocols?: string | string[]) => object;

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface LinkOptions {
  /** The server's address, e.g. `http://127.0.0.1:3000` (the API lives at `/trpc`). */
  url: string;
  /** The current access token, or null when signed out. Asked for every request and connection. */
  getToken: TokenSource;
  /** Needed in Node 20, which has no global WebSocket: pass `ws`'s default export. */
  WebSocket?: WebSocketImplementation | undefined;
  /** `false` sends one HTTP request per call instead of batching the calls of one tick. */
  batch?: boolean | undefined;
  /**
   * `"http"` (default): queries and mutations over HTTP, subscriptions over a WebSocket opened
   * only while one runs. `"websocket"`: every call over one WebSocket that stays open.
   */
  transport?: "http" | "websocket" | undefined;
  /**
   * Asked after an UNAUTHORIZED answer to a query or mutation: refresh the session and say
   * whether it worked; the call is then tried once more.
   */
  refreshSession?: (() => Promise<boolean>) | undefined;
  /**
   * Keep the WebSocket open from the first call on, instead of only while a subscription runs
   * (a page that almost always follows a stream saves a handshake per switch).
   */
  keepSocketOpen?: boolean | undefined;
  /** Longer batched GET URLs are sent as POST. */
  maxURLLength?: number | undefined;
  /** Told when the WebSocket opens (true) and when it closes or fails (false), e.g. to show "Reconnecting…". */
  onConnectionChange?: ((open: boolean) => void) | undefined;
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
  const stayOpen = options.transport === "websocket" || options.keepSocketOpen === true;
  return createWSClient({
    url: apiUrl(options.url).replace(/^http/, "ws"),
    // tRPC types this as the DOM's WebSocket; the `ws` class is compatible at run time.
    WebSocket: implementation as unknown as WebSocketClientOptions["WebSocket"],
    // By default open only while a subscription runs: each connection then carries a current token.
    lazy: { enabled: !stayOpen, closeMs: 0 },
    // Notices a connection that died silently (a sleeping laptop, a dropped NAT entry).
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
    onOpen: () => options.onConnectionChange?.(true),
    onClose: () => options.onConnectionChange?.(false),
    connectionParams: async () => {
      const token = await options.getToken();
      return token ? { token } : {};
    },
  });
}

function httpTransport(options: LinkOptions): TRPCLink<AppRouter> {
  const settings = {
    url: apiUrl(options.url),
    headers: async (): Promise<Record<string, string>> => {
      const token = await options.getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  };
  if (options.batch === false) return httpLink<AppRouter>(settings);
  // The server refuses a batch of more than 50 calls (packages/api/src/limits.ts).
  return httpBatchLink<AppRouter>({ ...settings, maxItems: 20, ...(options.maxURLLength ? { maxURLLength: options.maxURLLength } : {}) });
}

function transportLink(options: LinkOptions, socket: ReturnType<typeof webSocketClient> | null): TRPCLink<AppRouter> {
  const subscriptions = socket ? wsLink<AppRouter>({ client: socket }) : noWebSocketLink();
  if (options.transport === "websocket") return subscriptions;
  return splitLink<AppRouter>({ condition: (op) => op.type === "subscription", true: subscriptions, false: httpTransport(options) });
}

/**
 * The one tRPC link setup of every Parley client (web app, CLI, tests, benchmarks): queries and
 * mutations over HTTP with a bearer token, subscriptions over a WebSocket with the token in
 * connectionParams.
 */
export interface ParleyLinks {
  links: TRPCLink<AppRouter>[];
  reconnect(): void;
  close(): Promise<void>;
}

export function createLinks(options: LinkOptions): ParleyLinks {
  const implementation = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketImplementation }).WebSocket;
  const socket = implementation ? webSocketClient(options, implementation) : null;
  const refresh = options.refreshSession ? [refreshOnUnauthorizedLink(options.refreshSession)] : [];
  return {
    links: [...refresh, transportLink(options, socket)],
    /**
     * Drops the open WebSocket, if any: the client reconnects with a fresh token from
     * `getToken` and resubscribes each stream from its last event id.
     */
    reconnect() {
      const connection = socket?.connection;
      if (connection?.state === "open") connection.ws.close();
    },
    close: async () => socket?.close(),
  };
}
