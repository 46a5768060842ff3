import { z } from "zod";
import { abuseLimitsOf } from "../context.js";
import { notFound } from "../errors.js";
import { authedProcedure, publicProcedure, router } from "../trpc.js";
import { checkCredentials, issueSession, revokeRefreshToken, rotateRefreshToken, signUp, toUserOutput } from "./accounts.js";
import { countAttempt, signInAccountKey, signInAddressKey, signUpAddressKey } from "./throttle.js";
import { refreshInput, sessionTokensOutput, signInInput, signUpInput, userOutput } from "./schemas.js";

export const authRouter = router({
  signUp: publicProcedure
    .input(signUpInput)
    .output(sessionTokensOutput)
    .mutation(async ({ ctx, input }) => {
      const limits = abuseLimitsOf(ctx.services);
      if (ctx.clientAddress) {
        await countAttempt(
          ctx.services.chat.coordination,
          signUpAddressKey(ctx.clientAddress),
          limits.signUpPerAddress,
          "sign-ups from your network",
        );
      }
      const user = await signUp(ctx.services.prisma, input, ctx.clientAddress);
      return issueSession(ctx.services.prisma, ctx.services.tokens, user);
    }),

  signIn: publicProcedure
    .input(signInInput)
    .output(sessionTokensOutput)
    .mutation(async ({ ctx, input }) => {
      const { coordination } = ctx.services.chat;
      const limits = abuseLimitsOf(ctx.services);
      await countAttempt(coordination, signInAccountKey(input.email), limits.signInPerAccount, "sign-in attempts for this account");
      if (ctx.clientAddress) {
        await countAttempt(
          coordination,
          signInAddressKey(ctx.clientAddress),
          limits.signInPerAddress,
          "sign-in attempts from your network",
        );
      }
      const user = await checkCredentials(ctx.services.prisma, input, ctx.clientAddress);
      await coordination.forgetHits(signInAccountKey(input.email));
      return issueSession(ctx.services.prisma, ctx.services.tokens, user);
    }),

  refresh: publicProcedure
    .input(refreshInput)
    .output(sessionTokensOutput)
    .mutation(({ ctx, input }) => rotateRefreshToken(ctx.services.prisma, ctx.services.tokens, input.refreshToken)),

  signOut: publicProcedure
    .input(refreshInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeRefreshToken(ctx.services.prisma, input.refreshToken);
      return { ok: true as const };
    }),

  me: authedProcedure.output(userOutput).query(async ({ ctx }) => {
    const user = await ctx.db((tx) => tx.user.findUnique({ where: { id: ctx.actor.id } }));
    if (!user) throw notFound("User");
    return toUserOutput(user);
  }),
});
