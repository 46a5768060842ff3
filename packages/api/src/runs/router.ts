import { z } from "zod";
import { idSchema } from "../sessions/schemas.js";
import { syncInput } from "../sync-input.js";
import { authedProcedure, router } from "../trpc.js";
import { appendFills } from "./append-fills.js";
import { findRuns, findRunsInput, foundRunOutput } from "./find-runs.js";
import { getRun, listRuns, runOutput } from "./queries.js";
import { runInsight, runInsightOutput } from "./run-insight.js";
import { runTrades, runTradesInput, runTradesOutput } from "./run-trades.js";
import { watchRun } from "./watch-run.js";
import { createRun, finishRun, recordMarks } from "./write-runs.js";
import {
  appendFillsInput,
  appendFillsOutput,
  createRunInput,
  finishRunInput,
  recordMarksInput,
  recordMarksOutput,
  runRef,
} from "./write-schemas.js";

const reading = authedProcedure.meta({ keyScope: "read" });
const writing = authedProcedure.meta({ keyScope: "runs:write" });

export const runsRouter = router({
  list: reading
    .input(z.strictObject({ modelId: idSchema }))
    .output(z.array(runOutput))
    .query(({ ctx, input }) => ctx.db((tx) => listRuns(tx, ctx.actor, input.modelId))),

  /** The user's runs, across models, whose label holds the query: jumping to a run by name. */
  find: reading
    .input(findRunsInput)
    .output(z.array(foundRunOutput))
    .query(({ ctx, input }) => ctx.db((tx) => findRuns(tx, ctx.actor, input))),

  get: reading
    .input(z.strictObject({ modelId: idSchema, runId: idSchema }))
    .output(runOutput)
    .query(({ ctx, input }) => ctx.db((tx) => getRun(tx, ctx.actor, input))),

  /** What the run details panel draws: the run tools' results (overview, curve, positions, symbols) now. */
  insight: reading
    .input(runRef)
    .output(runInsightOutput)
    .query(({ ctx, input }) => runInsight(ctx.db, { runId: input.runId, userId: ctx.actor.id }, new Date())),

  /** One page of the run's trades, sorted on the server; pass nextCursor back for the next page. */
  trades: reading
    .input(runTradesInput)
    .output(runTradesOutput)
    .query(({ ctx, input }) => runTrades(ctx.db, { userId: ctx.actor.id, now: new Date() }, input)),

  /** A run's headline figures now, and again within a second of every change (any instance). */
  watch: reading.input(runRef).subscription(async function* ({ ctx, input, signal }) {
    const lifetime = signal ?? new AbortController().signal;
    const scope = { runId: input.runId, userId: ctx.actor.id };
    yield* watchRun({ read: ctx.db, coordination: ctx.services.chat.coordination }, scope, lifetime);
  }),

  create: writing
    .input(createRunInput)
    .output(runOutput)
    .mutation(async ({ ctx, input }) => ctx.db((tx) => createRun(tx, ctx.actor, input, new Date()))),

  /** Up to 10,000 fills in one transaction; idempotent by fillId. */
  appendFills: writing
    .input(syncInput(appendFillsInput))
    .output(appendFillsOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.db((tx) => appendFills(tx, ctx.actor, input, new Date()));
      if (result.inserted > 0) await ctx.services.chat.coordination.announceRunChange(input.runId);
      return result;
    }),

  recordMarks: writing
    .input(syncInput(recordMarksInput))
    .output(recordMarksOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.db((tx) => recordMarks(tx, ctx.actor, input));
      await ctx.services.chat.coordination.announceRunChange(input.runId);
      return result;
    }),

  finish: writing
    .input(finishRunInput)
    .output(runOutput)
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.db((tx) => finishRun(tx, ctx.actor, input, new Date()));
      await ctx.services.chat.coordination.announceRunChange(input.runId);
      return run;
    }),
});
