import type { EventBus } from "../chat/bus/event-bus.js";
import type { ApiServices } from "../context.js";
import type { Actor } from "../db/as-user.js";
import type { Logger } from "../logger.js";
import type { AccountEvent } from "./account-events.js";

/**
 * Tells the user's tabs and devices of a change, once it is committed. The change does not wait
 * for it and never fails because of it: a lost event costs a client only its freshness until it
 * resubscribes (when it refetches anyway) or its fallback poll, so the failure is logged and left.
 */
export function announce(deps: { bus: EventBus; log: Logger }, userId: string, event: AccountEvent): void {
  deps.bus
    .publishToUser(userId, event)
    .catch((error: unknown) => deps.log.warn({ userId, event: event.type, err: error }, "announcing an account change failed"));
}

/** `announce` from a procedure: to the signed-in user. */
export function announceToActor(ctx: { services: ApiServices; actor: Actor }, event: AccountEvent): void {
  announce({ bus: ctx.services.chat.bus, log: ctx.services.chat.log }, ctx.actor.id, event);
}
