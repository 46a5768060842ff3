import { isTrackedEnvelope, TRPCError } from "@trpc/server";
import { isAsyncIterable, type RunningSubscription, type SubscriptionOwner, type SubscriptionRequest } from "./socket-types.js";

function dataResult(value: unknown) {
  if (!isTrackedEnvelope(value)) return { type: "data", data: value };
  const [id, data] = value;
  return { type: "data", id, data: { id, data } };
}

/**
 * One running subscription: pulls its iterator and sends each value. Promise callbacks rather
 * than an async loop, so that a viewer waiting for its next event holds one pending `next()`
 * and this record, not a suspended async function's frame. No race against an abort promise per
 * value (as tRPC's own adapter has): stopping aborts the signal, which our subscriptions honour,
 * and returns the iterator at once.
 */
export class SocketSubscription implements RunningSubscription {
  private readonly iterator: AsyncIterator<unknown>;

  private constructor(
    private readonly connection: SubscriptionOwner,
    readonly request: SubscriptionRequest,
    iterable: AsyncIterable<unknown>,
  ) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  /** Registers the procedure's result under the request's id and starts sending its values. */
  static start(connection: SubscriptionOwner, request: SubscriptionRequest, result: unknown): void {
    if (!isAsyncIterable(result)) {
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Subscription ${request.path} did not return an async iterable` });
    }
    const subscription = new SocketSubscription(connection, request, result);
    if (!connection.isOpen()) return subscription.stop();
    if (connection.subscription(request.id)) {
      subscription.stop();
      throw new TRPCError({ code: "BAD_REQUEST", message: `Duplicate id ${request.id}` });
    }
    const { maxSubscriptionsPerSocket } = connection.host.limits;
    if (connection.subscriptionCount >= maxSubscriptionsPerSocket) {
      subscription.stop();
      const message = `At most ${maxSubscriptionsPerSocket} subscriptions per connection: stop one first`;
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message });
    }
    connection.register(subscription);
    connection.send({ id: request.id, jsonrpc: request.jsonrpc, result: { type: "started" } });
    subscription.pull();
  }

  stop(): void {
    if (this.request.controller.signal.aborted) return;
    this.request.controller.abort();
    this.iterator.return?.().catch(() => undefined);
  }

  private pull(): void {
    this.iterator.next().then(
      (next) => this.deliver(next),
      (cause: unknown) => this.fail(cause),
    );
  }

  private deliver(next: IteratorResult<unknown>): void {
    const { id, jsonrpc } = this.request;
    if (this.request.controller.signal.aborted || next.done) return this.finish();
    try {
      this.connection.send({ id, jsonrpc, result: dataResult(next.value) });
    } catch (cause) {
      return this.fail(cause);
    }
    this.pull();
  }

  private finish(): void {
    const { id, jsonrpc } = this.request;
    this.connection.send({ id, jsonrpc, result: { type: "stopped" } });
    this.release();
  }

  /** The error, then `stopped`, as tRPC's adapter answers (protocol-differential.test.ts). */
  private fail(cause: unknown): void {
    const { id, jsonrpc, path, input } = this.request;
    this.connection.fail(id, { cause, path, type: "subscription", input });
    this.connection.send({ id, jsonrpc, result: { type: "stopped" } });
    this.release();
  }

  private release(): void {
    this.connection.unregister(this);
    // A no-op when the iterator finished by itself; releases it when it was stopped mid-stream.
    this.stop();
  }
}
