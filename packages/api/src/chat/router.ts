import { z } from "zod";
import { messageOutput, sessionOutput } from "../sessions/schemas.js";
import { storeUserMessage } from "../sessions/store-user-message.js";
import { authedProcedure, router } from "../trpc.js";
import { sendInput } from "./send-input.js";

export const sendOutput = z.object({
  session: sessionOutput,
  message: messageOutput,
  createdSession: z.boolean(),
  duplicate: z.boolean(),
});

export const chatRouter = router({
  /** Stores the user's message, creating the conversation on the first send of a context. */
  send: authedProcedure
    .input(sendInput)
    .output(sendOutput)
    .mutation(({ ctx, input }) => ctx.db((tx) => storeUserMessage(tx, ctx.actor, input))),
});
