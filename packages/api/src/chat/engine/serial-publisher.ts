import type { EventBus } from "../bus/event-bus.js";
import type { ChatEvent } from "../events.js";
import type { Logger } from "../../logger.js";

/**
 * Publishes one conversation's events strictly in order without making the generation loop
 * wait for each: a slow bus (Redis) queues behind, and `drained()` waits for all of it.
 */
export function createSerialPublisher(bus: EventBus, sessionId: number, log: Logger) {
  let chain: Promise<unknown> = Promise.resolve();
  let lost = false;
  return {
    publish(event: ChatEvent): void {
      chain = chain
        .then(() => bus.publish(sessionId, event))
        .catch((error: unknown) => {
          lost = true;
          log.error({ event: event.type, err: error }, "publishing an event failed");
        });
    },
    drained: () => chain.then(() => undefined),
    /** Some event never reached the bus (it was down): viewers may have a gap. */
    lostAny: () => lost,
  };
}
