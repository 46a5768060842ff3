import { authedProcedure, router } from "../trpc.js";

/** Keeping a user's tabs and devices in step with each other. */
export const syncRouter = router({
  /**
   * The signed-in user's account news (`accountEvent`: conversations created, renamed, deleted,
   * restored, made active; models created, edited, deleted), live from any instance. Not
   * tracked and not resumable on purpose: nothing is kept to replay, and a client refetches what
   * it shows whenever this (re)starts, so what it missed while away is caught up that way.
   */
  events: authedProcedure.subscription(({ ctx, signal }) =>
    ctx.services.chat.bus.subscribeUser(ctx.actor.id, signal ?? new AbortController().signal),
  ),
});
