import { z } from "zod";
import type { ToolSpec } from "../../providers/provider.js";
import { describeIssues, type Read } from "../tool.js";

/** The model a toolbox over runs is bound to: its runs, read as their owner. */
export interface ModelScope {
  modelId: number;
  userId: string;
}

export type ModelToolWork = (read: Read, scope: ModelScope) => Promise<unknown>;

/** A tool over all of a model's runs. Like a run tool, its input never names a model or a user. */
export interface ModelTool {
  spec: ToolSpec;
  prepare(args: unknown): { ok: true; work: ModelToolWork } | { ok: false; error: string };
}

/** defineTool's strict arguments and readable errors, bound to a model instead of a run. */
export function defineModelTool<Schema extends z.ZodObject>(definition: {
  name: string;
  description: string;
  input: Schema;
  run: (read: Read, scope: ModelScope, input: z.output<Schema>) => Promise<unknown>;
}): ModelTool {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(definition.input, { io: "input" });
  return {
    spec: { name: definition.name, description: definition.description, parameters },
    prepare(args) {
      const parsed = definition.input.safeParse(args);
      if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
      return { ok: true, work: (read, scope) => definition.run(read, scope, parsed.data) };
    },
  };
}
