import { z } from "zod";
import { idSchema } from "../sessions/schemas.js";
import { authedProcedure, router } from "../trpc.js";
import { getRun, listRuns, runOutput } from "./queries.js";

export const runsRouter = router({
  list: authedProcedure
    .input(z.strictObject({ modelId: idSchema }))
    .output(z.array(runOutput))
    .query(({ ctx, input }) => ctx.db((tx) => listRuns(tx, ctx.actor, input.modelId))),

  get: authedProcedure
    .input(z.strictObject({ modelId: idSchema, runId: idSchema }))
    .output(runOutput)
    .query(({ ctx, input }) => ctx.db((tx) => getRun(tx, ctx.actor, input))),
});
