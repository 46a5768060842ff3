import type { EventBus } from "../bus/event-bus.js";
import type { ChatEvent } from "../events.js";

/**
 * Publishes one conversation's events strictly in order without making the generation loop
 * wait for each: a slow bus (Redis) queues behind, and `drained()` waits for all of it.
 */
export function createSerialPublisher(bus: EventBus, sessionId: number) {
  let chain: Promise<unknown> = Promise.resolve();
  let lost = false;
  return {
    publish(event: ChatEvent): void {
      chain = chain
        .then(() => bus.publish(sessionId, event))
        .catch((error: unknown) => {
          lost = true;
          console.error(`publishing a ${event.type} event of conversation ${sessionId} failed`, (error as Error).message);
        });
    },
    drained: () => chain.then(() => undefined),
    /** Some event never reached the bus (it was down): viewers may have a gap. */
    lostAny: () => lost,
  };
}
