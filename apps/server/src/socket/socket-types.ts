import type { AnyTRPCRouter, TRPCError, TRPCProcedureType } from "@trpc/server";
import type { TransportLimits } from "@parley/api";

// The contracts between the socket host, its connections and their subscriptions, in a file of
// their own so that none of the three imports another's module in a loop.

export type SocketLimits = Pick<TransportLimits, "maxCallsPerBatch" | "maxSubscriptionsPerSocket" | "maxSocketsPerUser">;

export interface SocketHost<TContext> {
  router: AnyTRPCRouter;
  createContext(token: string | null, clientAddress: string | null): Promise<TContext>;
  onError(failure: { error: TRPCError; path: string | undefined }): void;
  encode(message: unknown): string;
  errorShape(failure: { error: TRPCError; type: TRPCProcedureType | "unknown"; path: string | undefined; input: unknown }): unknown;
  limits: SocketLimits;
  ownerOf(context: TContext): string | null;
  /** Counts the connection against its owner's sockets; false (and not counted) past the limit. */
  admit(owner: string | null): boolean;
  release(owner: string | null): void;
}

export interface SubscriptionRequest {
  id: string | number;
  jsonrpc: "2.0" | undefined;
  path: string;
  input: unknown;
  /** The procedure's signal: aborted by `subscription.stop`, by the socket closing, or at the end. */
  controller: AbortController;
}

/** A subscription as its connection sees it. */
export interface RunningSubscription {
  readonly request: SubscriptionRequest;
  stop(): void;
}

export interface Failure {
  cause: unknown;
  path: string | undefined;
  type: TRPCProcedureType | "unknown";
  input: unknown;
}

/** A connection as its subscriptions see it. */
export interface SubscriptionOwner {
  readonly host: Pick<SocketHost<unknown>, "limits">;
  isOpen(): boolean;
  send(message: unknown): void;
  subscription(id: string | number): RunningSubscription | undefined;
  readonly subscriptionCount: number;
  register(subscription: RunningSubscription): void;
  unregister(subscription: RunningSubscription): void;
  fail(id: string | number | null, failure: Failure): void;
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
