import type { TRPCClient } from "@trpc/client";
import { createEventQueue, type EventQueue } from "./event-queue.js";
import { createReplyTracker, type TrackerStep } from "./reply-tracker.js";
import type { AppRouter, Message, ReplyEvent, SendInput, SendOutput } from "./types.js";

type Api = TRPCClient<AppRouter>;

export interface SendAndStreamOptions {
  /** Stops watching (the loop throws the signal's reason); the reply itself goes on. */
  signal?: AbortSignal;
}

/** The reply to one sent message, as an async iterable that ends after the reply's `done`. */
export interface ReplyStream extends AsyncIterable<ReplyEvent> {
  /** `chat.send`'s answer: the conversation (new on a first send), the stored message, the reply's id. */
  readonly sent: Promise<SendOutput>;
  /** Stops the reply (`chat.stop`): the loop then ends with `done` status `stopped`, the partial text kept. */
  stop(): Promise<boolean>;
}

async function loadReply(api: Api, sessionId: number, messageId: number): Promise<Message> {
  const page = await api.sessions.messages.query({ sessionId, through: messageId, limit: 1 });
  const stored = page.messages.find((m) => m.id === messageId);
  if (!stored) throw new Error(`Reply ${messageId} is not in conversation ${sessionId}`);
  return stored;
}

/**
 * Feeds the queue with the reply's events from the moment the send returns, whenever the caller
 * starts its loop. The WebSocket client resubscribes by itself after a dropped connection,
 * passing the last event id, so the stream goes on exactly where it stopped.
 */
async function follow(api: Api, sent: SendOutput, queue: EventQueue<ReplyEvent>) {
  const { session, message, reply } = sent;
  if (!reply) return queue.end();
  const tracker = createReplyTracker({ messageId: reply.messageId, userMessageId: message.id });
  const apply = async (outcome: TrackerStep): Promise<void> => {
    for (const event of outcome.emit) queue.push(event);
    if (outcome.next === "finished") return queue.end();
    if (outcome.next === "reload") await apply(tracker.completeFrom(await loadReply(api, session.id, reply.messageId)));
  };
  // A retried send may find its reply finished long ago, its events no longer kept.
  if (sent.duplicate) await apply(tracker.completeFrom(await loadReply(api, session.id, reply.messageId)));
  if (queue.closed) return;
  let applying = Promise.resolve();
  const subscription = api.chat.stream.subscribe(
    { sessionId: session.id },
    {
      // One at a time, so that a reload from the database keeps the events in order.
      onData: ({ data }) => {
        applying = applying.then(() => apply(tracker.accept(data))).catch((error: unknown) => queue.fail(error));
      },
      onError: (error) => queue.fail(error),
      onComplete: () => void applying.then(() => queue.fail(new Error("The stream closed before the reply finished"))),
    },
  );
  queue.onClose(() => subscription.unsubscribe());
}

export function sendAndStream(api: Api, input: SendInput, options: SendAndStreamOptions = {}): ReplyStream {
  const queue = createEventQueue<ReplyEvent>();
  const { signal } = options;
  if (signal) {
    const abort = () => queue.fail(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    queue.onClose(() => signal.removeEventListener("abort", abort));
  }
  const sent = api.chat.send.mutate(input, signal ? { signal } : undefined);
  // This chain also handles a failed send: the loop throws it, and so does `await stream.sent`.
  sent.then((answer) => follow(api, answer, queue)).catch((error: unknown) => queue.fail(error));
  return {
    sent,
    async stop() {
      const { session } = await sent;
      return (await api.chat.stop.mutate({ sessionId: session.id })).stopped;
    },
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
  };
}
