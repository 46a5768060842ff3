import type { IncomingMessage } from "node:http";
import { getTRPCErrorShape, transformTRPCResponse, type AnyTRPCRouter, type TRPCError } from "@trpc/server";
import type { RawData, WebSocket, WebSocketServer } from "ws";
import { SocketConnection } from "./socket-connection.js";
import type { SocketHost, SocketLimits } from "./socket-types.js";

export interface SocketHostOptions<TContext> {
  wss: WebSocketServer;
  router: AnyTRPCRouter;
  /** A connection's context, from its connectionParams' token (null without one). */
  createContext(token: string | null, clientAddress: string | null): Promise<TContext>;
  onError(failure: { error: TRPCError; path: string | undefined }): void;
  /** A PING after `pingMs` without a message from the client; closed if nothing comes within `pongWaitMs`. */
  keepAlive: { pingMs: number; pongWaitMs: number };
  limits: SocketLimits;
  /** Whose connection this is (a user id), for the sockets-per-user limit; null when signed out. */
  ownerOf(context: TContext): string | null;
}

/**
 * tRPC's WebSocket protocol served by our own connection objects instead of tRPC's adapter
 * (`applyWSSHandler`), which keeps per connection the upgrade request, two keep-alive timers
 * with their closures and an AbortController, and per subscription a race against an abort
 * promise for every value: 8× a bare socket's memory for an idle viewer. Procedures are still
 * called through tRPC (`callTRPCProcedure`: middlewares, input parsing, error shapes).
 */
export function hostSockets<TContext>(options: SocketHostOptions<TContext>) {
  const { wss, router } = options;
  const config = router._def._config;
  const socketsPerOwner = new Map<string, number>();
  const host: SocketHost<TContext> = {
    router,
    createContext: options.createContext,
    onError: options.onError,
    encode: (message) => JSON.stringify(transformTRPCResponse(config, message as never)),
    errorShape: ({ error, type, path, input }) => getTRPCErrorShape({ config, error, type, path, input, ctx: undefined }),
    limits: options.limits,
    ownerOf: options.ownerOf,
    admit(owner) {
      if (owner === null) return true;
      const open = socketsPerOwner.get(owner) ?? 0;
      if (open >= options.limits.maxSocketsPerUser) return false;
      socketsPerOwner.set(owner, open + 1);
      return true;
    },
    release(owner) {
      if (owner === null) return;
      const open = (socketsPerOwner.get(owner) ?? 1) - 1;
      if (open > 0) socketsPerOwner.set(owner, open);
      else socketsPerOwner.delete(owner);
    },
  };
  const connections = new Map<WebSocket, SocketConnection<TContext>>();

  wss.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    const awaitsParams = new URL(request.url ?? "/", "http://local").searchParams.get("connectionParams") === "1";
    connections.set(socket, new SocketConnection(socket, host, { awaitsParams, clientAddress: request.socket.remoteAddress ?? null }));
    // Shared listeners (`this` is the socket) instead of three closures per connection.
    socket.on("message", onMessage);
    socket.on("error", onError);
    socket.on("close", onClose);
  });

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
    connections.get(this)?.receive(data, isBinary);
  }
  function onError(this: WebSocket, cause: Error) {
    connections.get(this)?.fail(null, { cause, path: undefined, type: "unknown", input: undefined });
  }
  function onClose(this: WebSocket) {
    connections.get(this)?.closed();
    connections.delete(this);
  }

  // One sweep for every connection instead of two timers each.
  const { pingMs, pongWaitMs } = options.keepAlive;
  const sweep = setInterval(() => checkAlive(connections, pingMs, pongWaitMs), Math.min(pingMs, pongWaitMs) / 4);
  sweep.unref();

  return {
    /** Open connections and their subscriptions, for /metrics. */
    stats() {
      let subscriptions = 0;
      for (const connection of connections.values()) subscriptions += connection.subscriptionCount;
      return { sockets: connections.size, subscriptions };
    },
    /** Asks every client to reconnect. */
    broadcastReconnect() {
      const notice = JSON.stringify({ id: null, method: "reconnect" });
      for (const connection of connections.values()) if (connection.socket.readyState === 1) connection.socket.send(notice);
    },
    close() {
      clearInterval(sweep);
      for (const socket of connections.keys()) socket.terminate();
    },
  };
}

function checkAlive<TContext>(connections: Map<WebSocket, SocketConnection<TContext>>, pingMs: number, pongWaitMs: number) {
  const now = performance.now();
  for (const connection of connections.values()) {
    if (connection.pingSentAt && now - connection.pingSentAt >= pongWaitMs) connection.socket.terminate();
    else if (!connection.pingSentAt && now - connection.lastHeardAt >= pingMs && connection.socket.readyState === 1) {
      connection.socket.send("PING");
      connection.pingSentAt = now;
    }
  }
}
