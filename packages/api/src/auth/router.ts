import { z } from "zod";
import { notFound } from "../errors.js";
import { authedProcedure, publicProcedure, router } from "../trpc.js";
import { checkCredentials, issueSession, revokeRefreshToken, rotateRefreshToken, signUp, toUserOutput } from "./accounts.js";
import { refreshInput, sessionTokensOutput, signInInput, signUpInput, userOutput } from "./schemas.js";

export const authRouter = router({
  signUp: publicProcedure
    .input(signUpInput)
    .output(sessionTokensOutput)
    .mutation(async ({ ctx, input }) => {
      const user = await signUp(ctx.services.prisma, input);
      return issueSession(ctx.services.prisma, ctx.services.tokens, user);
    }),

  signIn: publicProcedure
    .input(signInInput)
    .output(sessionTokensOutput)
    .mutation(async ({ ctx, input }) => {
      const user = await checkCredentials(ctx.services.prisma, input.email, input.password);
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
