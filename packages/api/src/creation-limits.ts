import { countAttempt } from "./auth/throttle.js";
import { abuseLimitsOf, type Context } from "./context.js";
import type { Actor } from "./db/as-user.js";

type AuthedContext = Pick<Context, "services"> & { actor: Actor };

/** New conversations per user per minute, on every instance (startNew, and a first send). */
export function countNewConversation(ctx: AuthedContext): Promise<void> {
  const window = abuseLimitsOf(ctx.services).newConversationsPerUser;
  return countAttempt(ctx.services.chat.coordination, `conversations:${ctx.actor.id}`, window, "new conversations: use the ones you have");
}

/** New models per user per minute, on every instance. */
export function countNewModel(ctx: AuthedContext): Promise<void> {
  const window = abuseLimitsOf(ctx.services).newModelsPerUser;
  return countAttempt(ctx.services.chat.coordination, `models:${ctx.actor.id}`, window, "new models");
}

/** New share links per user per minute, on every instance. */
export function countNewShare(ctx: AuthedContext): Promise<void> {
  const window = abuseLimitsOf(ctx.services).newSharesPerUser;
  return countAttempt(ctx.services.chat.coordination, `shares:${ctx.actor.id}`, window, "new share links");
}

/** New API keys per user per minute, on every instance. */
export function countNewApiKey(ctx: AuthedContext): Promise<void> {
  const window = abuseLimitsOf(ctx.services).newApiKeysPerUser;
  return countAttempt(ctx.services.chat.coordination, `api-keys:${ctx.actor.id}`, window, "new API keys");
}
