import { z } from "zod";
import type { AuthState } from "../context.js";
import { countNewShare } from "../creation-limits.js";
import { authedProcedure, publicProcedure, router } from "../trpc.js";
import { createShare } from "./create-share.js";
import { listShares, revokeShare } from "./manage-shares.js";
import {
  createShareInput,
  createShareOutput,
  listSharesInput,
  revokeShareInput,
  shareOutput,
  sharedConversationOutput,
  viewShareInput,
} from "./schemas.js";
import { viewShare } from "./view-share.js";

/**
 * A person with a live session (any account). An API key is a program, not a reader: a link kept
 * to signed-in users is for people.
 */
const isSignedIn = (auth: AuthState) => auth.status === "signed-in" && auth.expiresAt > Date.now();

// Read-only links to a conversation frozen at share time. Managed by the person signed in (no
// API key scope reaches them); `view` needs no account at all.
export const sharesRouter = router({
  /** The token is in this answer and nowhere else, ever: only its hash is stored. */
  create: authedProcedure
    .input(createShareInput)
    .output(createShareOutput)
    .mutation(async ({ ctx, input }) => {
      await countNewShare(ctx);
      return ctx.db((tx) => createShare(tx, ctx.actor, input));
    }),

  list: authedProcedure
    .input(listSharesInput)
    .output(z.array(shareOutput))
    .query(({ ctx, input }) => ctx.db((tx) => listShares(tx, ctx.actor, input?.conversationId))),

  revoke: authedProcedure
    .input(revokeShareInput)
    .output(shareOutput)
    .mutation(({ ctx, input }) => ctx.db((tx) => revokeShare(tx, ctx.actor, input.shareId))),

  view: publicProcedure
    .input(viewShareInput)
    .output(sharedConversationOutput)
    .query(({ ctx, input }) => viewShare(ctx.services.sql, input.token, { signedIn: isSignedIn(ctx.auth) })),
});
