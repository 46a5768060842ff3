import { z } from "zod";
import { countNewApiKey } from "../creation-limits.js";
import { authedProcedure, router } from "../trpc.js";
import { createApiKey, createKeyInput, keyOutput, listApiKeys, revokeApiKey } from "./api-keys.js";

// Keys are managed by the person signed in: no key scope reaches these procedures.
export const keysRouter = router({
  /** The secret is in this answer and nowhere else, ever. */
  create: authedProcedure
    .input(createKeyInput)
    .output(z.object({ key: keyOutput, secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await countNewApiKey(ctx);
      return ctx.db((tx) => createApiKey(tx, ctx.actor, input));
    }),

  list: authedProcedure.output(z.array(keyOutput)).query(({ ctx }) => ctx.db((tx) => listApiKeys(tx, ctx.actor))),

  revoke: authedProcedure
    .input(z.strictObject({ keyId: z.uuid() }))
    .output(keyOutput)
    .mutation(({ ctx, input }) => ctx.db((tx) => revokeApiKey(tx, ctx.actor, input.keyId))),
});
