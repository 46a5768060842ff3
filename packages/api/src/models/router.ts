import { z } from "zod";
import { allowedAiModelsOf } from "../context.js";
import { countNewModel } from "../creation-limits.js";
import { assertAiModelAllowed } from "./ai-models.js";
import { idSchema } from "../sessions/schemas.js";
import { authedProcedure, router } from "../trpc.js";
import { createModel, getModel, listModels, softDeleteModel, updateModel } from "./queries.js";
import { modelConfigInput, modelOutput } from "./schemas.js";
import { listVersions, modelVersionOutput } from "./versions.js";
import { announceToActor } from "../sync/announce.js";

const modelIdInput = z.strictObject({ modelId: idSchema });

const reading = authedProcedure.meta({ keyScope: "read" });

export const modelsRouter = router({
  list: reading
    .input(z.strictObject({ includeDeleted: z.boolean().default(false) }).default({ includeDeleted: false }))
    .output(z.array(modelOutput))
    .query(({ ctx, input }) => ctx.db((tx) => listModels(tx, ctx.actor, input.includeDeleted))),

  get: reading
    .input(modelIdInput)
    .output(modelOutput)
    .query(({ ctx, input }) => ctx.db((tx) => getModel(tx, ctx.actor, input.modelId))),

  create: authedProcedure
    .input(modelConfigInput)
    .output(modelOutput)
    .mutation(async ({ ctx, input }) => {
      assertAiModelAllowed(allowedAiModelsOf(ctx.services), input.defaultAiModel);
      await countNewModel(ctx);
      const model = await ctx.db((tx) => createModel(tx, ctx.actor, input));
      announceToActor(ctx, { type: "model_created", modelId: model.id });
      return model;
    }),

  update: authedProcedure
    .input(z.strictObject({ modelId: idSchema, changes: modelConfigInput.partial() }))
    .output(modelOutput)
    .mutation(async ({ ctx, input }) => {
      if (input.changes.defaultAiModel !== undefined) assertAiModelAllowed(allowedAiModelsOf(ctx.services), input.changes.defaultAiModel);
      const model = await ctx.db((tx) => updateModel(tx, ctx.actor, input.modelId, input.changes));
      announceToActor(ctx, { type: "model_updated", modelId: model.id });
      return model;
    }),

  /** The AI models the operator lets users choose (the model form offers these). */
  aiModels: reading
    .output(z.object({ allowed: z.array(z.string()) }))
    .query(({ ctx }) => ({ allowed: [...allowedAiModelsOf(ctx.services)] })),

  /** The configuration's history, newest first, each version with what changed from the one before. */
  versions: authedProcedure
    .input(modelIdInput)
    .output(z.array(modelVersionOutput))
    .query(({ ctx, input }) => ctx.db((tx) => listVersions(tx, ctx.actor, input.modelId))),

  delete: authedProcedure
    .input(modelIdInput)
    .output(modelOutput)
    .mutation(async ({ ctx, input }) => {
      const model = await ctx.db((tx) => softDeleteModel(tx, ctx.actor, input.modelId));
      announceToActor(ctx, { type: "model_deleted", modelId: model.id });
      return model;
    }),
});
