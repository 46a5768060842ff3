import { callTRPCProcedure, getTRPCErrorFromUnknown, TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { parseTRPCMessage, type TRPCRequestMessage } from "@trpc/server/rpc";
import type { RawData, WebSocket } from "ws";
import { isAsyncIterable, type Failure, type RunningSubscription, type SocketHost, type SubscriptionOwner } from "./socket-types.js";
import { SocketSubscription } from "./subscription.js";

const OPEN = 1;

type Request = TRPCRequestMessage & { id: string | number };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The token from a `connectionParams` message; anything but an object of strings is refused. */
function tokenFromParams(message: unknown): string | null {
  const data = isObject(message) ? message.data : undefined;
  if (data === null || data === undefined) return null;
  if (!isObject(data) || Object.values(data).some((value) => typeof value !== "string")) {
    throw new TRPCError({ code: "PARSE_ERROR", message: "Invalid connection params shape" });
  }
  return typeof data.token === "string" ? data.token : null;
}

/**
 * One client socket speaking tRPC's WebSocket protocol (v11): optional connectionParams first,
 * then queries, mutations and subscriptions, single or batched. Kept small on purpose: an idle
 * viewer's connection is this object, its socket, its context and one record per subscription.
 */
export class SocketConnection<TContext> implements SubscriptionOwner {
  /** Null until the connectionParams message arrives (when the client said it would send one). */
  private context: Promise<TContext> | null;
  /** Open subscriptions: an array, as a connection has one or two (a Map's table costs more). */
  private subscriptions: RunningSubscription[] | null = null;
  /** performance.now() of the last message received, and of a PING not yet answered (0: none). */
  lastHeardAt = performance.now();
  pingSentAt = 0;
  /** The user this connection counts against (sockets per user), once its context is known. */
  private owner: string | null = null;
  private readonly clientAddress: string | null;

  constructor(
    readonly socket: WebSocket,
    readonly host: SocketHost<TContext>,
    options: { awaitsParams: boolean; clientAddress: string | null },
  ) {
    this.clientAddress = options.clientAddress;
    this.context = options.awaitsParams ? null : this.createContext(null);
  }

  isOpen(): boolean {
    return this.socket.readyState === OPEN;
  }

  send(message: unknown): void {
    if (this.isOpen()) this.socket.send(this.host.encode(message));
  }

  subscription(id: string | number): RunningSubscription | undefined {
    return this.subscriptions?.find((subscription) => subscription.request.id === id);
  }

  get subscriptionCount(): number {
    return this.subscriptions?.length ?? 0;
  }

  register(subscription: RunningSubscription): void {
    (this.subscriptions ??= []).push(subscription);
  }

  unregister(subscription: RunningSubscription): void {
    const index = this.subscriptions?.indexOf(subscription) ?? -1;
    if (index !== -1) this.subscriptions?.splice(index, 1);
  }

  private createContext(token: string | null): Promise<TContext> {
    const context = this.host.createContext(token, this.clientAddress);
    context.then(
      (resolved) => this.admit(this.host.ownerOf(resolved)),
      (cause: unknown) => {
        this.fail(null, { cause, path: undefined, type: "unknown", input: undefined });
        setImmediate(() => this.socket.close());
      },
    );
    return context;
  }

  /** Counts this connection against its user's sockets, or refuses it (clearly) past the limit. */
  private admit(owner: string | null): void {
    if (!this.isOpen()) return;
    if (this.host.admit(owner)) {
      this.owner = owner;
      return;
    }
    const message = `Too many open connections for this account (at most ${this.host.limits.maxSocketsPerUser}): close another tab or window`;
    this.fail(null, { cause: new TRPCError({ code: "TOO_MANY_REQUESTS", message }), path: undefined, type: "unknown", input: undefined });
    setImmediate(() => this.socket.close(1008, "too many connections"));
  }

  /** Reports a failure to the host's onError and answers the request `id` with its error shape. */
  fail(id: string | number | null, failure: Failure) {
    const error = getTRPCErrorFromUnknown(failure.cause);
    this.host.onError({ error, path: failure.path });
    const shape = this.host.errorShape({ error, type: failure.type, path: failure.path, input: failure.input });
    this.send({ id, error: shape });
  }

  receive(data: RawData, isBinary: boolean): void {
    this.lastHeardAt = performance.now();
    this.pingSentAt = 0;
    const text = isBinary ? null : data.toString();
    if (text === "PONG") return;
    if (text === "PING") return void this.socket.send("PONG");
    let messages: unknown;
    try {
      // tRPC's own words, so clients see the same error from either host.
      if (text === null) throw new Error("jsonEncoder received binary data. JSON uses text frames. Use a binary encoder for binary data.");
      messages = JSON.parse(text);
    } catch (cause) {
      return this.fail(null, { cause: new TRPCError({ code: "PARSE_ERROR", cause }), path: undefined, type: "unknown", input: undefined });
    }
    if (!this.context) {
      try {
        this.context = this.createContext(tokenFromParams(messages));
      } catch (cause) {
        this.context = Promise.reject(cause);
        this.context.catch(() => undefined);
        this.fail(null, { cause, path: undefined, type: "unknown", input: undefined });
        setImmediate(() => this.socket.close());
      }
      return;
    }
    this.handleBatch(Array.isArray(messages) ? messages : [messages]);
  }

  private handleBatch(raw: unknown[]) {
    const { maxCallsPerBatch } = this.host.limits;
    if (raw.length > maxCallsPerBatch) {
      const cause = new TRPCError({
        code: "PAYLOAD_TOO_LARGE",
        message: `A message can hold at most ${maxCallsPerBatch} calls; this one has ${raw.length}`,
      });
      return this.fail(null, { cause, path: undefined, type: "unknown", input: undefined });
    }
    let requests;
    try {
      requests = raw.map((message) => parseTRPCMessage(message, this.host.router._def._config.transformer));
    } catch (cause) {
      return this.fail(null, { cause: new TRPCError({ code: "PARSE_ERROR", cause }), path: undefined, type: "unknown", input: undefined });
    }
    for (const [index, request] of requests.entries()) {
      if (request.id === null || request.id === undefined) {
        const cause = new TRPCError({ code: "PARSE_ERROR", message: "`id` is required" });
        this.fail(null, { cause, path: undefined, type: "unknown", input: undefined });
      } else if (request.method === "subscription.stop") {
        this.subscription(request.id)?.stop();
      } else {
        void this.call(request as Request, index);
      }
    }
  }

  private async call(request: Request, batchIndex: number) {
    const { id, jsonrpc, method: type, params } = request;
    let input: unknown = params.input;
    if (params.lastEventId !== undefined)
      input = isObject(input) ? { ...input, lastEventId: params.lastEventId } : (input ?? { lastEventId: params.lastEventId });
    const controller = new AbortController();
    try {
      const ctx = await this.context;
      const router: AnyTRPCRouter = this.host.router;
      const result: unknown = await callTRPCProcedure({
        router,
        path: params.path,
        getRawInput: async () => input,
        ctx,
        type,
        signal: controller.signal,
        batchIndex,
      });
      if (type === "subscription") return SocketSubscription.start(this, { id, jsonrpc, path: params.path, input, controller }, result);
      if (isAsyncIterable(result)) {
        throw new TRPCError({
          code: "UNSUPPORTED_MEDIA_TYPE",
          message: `Cannot return an async iterable from a ${type} procedure with WebSockets`,
        });
      }
      this.send({ id, jsonrpc, result: { type: "data", data: result } });
    } catch (cause) {
      this.fail(id, { cause, path: params.path, type, input });
    }
  }

  /** The socket closed: every subscription stops. */
  closed(): void {
    this.host.release(this.owner);
    this.owner = null;
    for (const subscription of this.subscriptions?.splice(0) ?? []) subscription.stop();
  }
}
