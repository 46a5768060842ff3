import type { z } from "zod";
import { defineScopedTool, type Read, type ScopedTool } from "../tool.js";

/** The model a toolbox over runs is bound to: its runs, read as their owner. */
export interface ModelScope {
  modelId: number;
  userId: string;
}

/** A tool over all of a model's runs. Like a run tool, its input never names a model or a user. */
export type ModelTool = ScopedTool<ModelScope>;

/** defineTool's strict arguments and readable errors, bound to a model instead of a run. */
export const defineModelTool = <Schema extends z.ZodObject>(definition: {
  name: string;
  description: string;
  input: Schema;
  run: (read: Read, scope: ModelScope, input: z.output<Schema>) => Promise<unknown>;
}): ModelTool => defineScopedTool(definition);
