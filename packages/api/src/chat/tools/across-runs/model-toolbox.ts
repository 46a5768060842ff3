import type { PrismaClient } from "@parley/db";
import { asUser } from "../../../db/as-user.js";
import { silentLogger, type Logger } from "../../../logger.js";
import type { Toolbox, ToolboxFactory } from "../../engine/toolbox.js";
import { failure, parseArguments } from "../run-toolbox.js";
import { time } from "../output.js";
import { ToolInputError, type Read } from "../tool.js";
import { compareRuns } from "./compare-runs.js";
import { listRuns } from "./list-runs.js";
import type { ModelScope, ModelTool } from "./model-tool.js";

export const acrossRunsTools: readonly ModelTool[] = [listRuns, compareRuns];
const byName = new Map(acrossRunsTools.map((tool) => [tool.spec.name, tool]));

/**
 * The tools of a model conversation, over all of the model's runs, bound to the model and its
 * owner when the reply starts. Every read is a transaction as that user (row-level security).
 */
export function modelToolbox(prisma: PrismaClient, options: { logger?: Logger } = {}): ToolboxFactory {
  const log = options.logger ?? silentLogger;
  return (conversation) => {
    if (conversation.run || !conversation.model || conversation.model.deleted) return null;
    return boundModelToolbox(prisma, { modelId: conversation.model.id, userId: conversation.userId }, log);
  };
}

export function boundModelToolbox(prisma: PrismaClient, scope: ModelScope, log: Logger): Toolbox {
  const read: Read = (query) => asUser(prisma, { id: scope.userId, role: "user" }, query);
  return {
    specs: acrossRunsTools.map((tool) => tool.spec),
    async execute(call) {
      const tool = byName.get(call.name);
      if (!tool) return failure(`Unknown tool "${call.name}". Available tools: ${[...byName.keys()].join(", ")}`);
      const args = parseArguments(call.arguments);
      if (!args.ok) return failure(args.error);
      const prepared = tool.prepare(args.value);
      if (!prepared.ok) return failure(prepared.error);
      try {
        const result = await prepared.work(read, scope);
        return { ok: true, result: JSON.stringify({ dataAsOf: { time: time(new Date()) }, ...(result as object) }) };
      } catch (error) {
        if (error instanceof ToolInputError) return failure(error.message);
        log.error({ tool: call.name, modelId: scope.modelId, userId: scope.userId, err: error }, "tool failed");
        return failure(`${call.name} failed unexpectedly; answer without it or try again`);
      }
    },
  };
}
