import type { PrismaClient } from "@parley/db";
import { asUser } from "../../db/as-user.js";
import type { Toolbox, ToolboxFactory } from "../engine/toolbox.js";
import type { ToolCall } from "../providers/provider.js";
import { lastFillTime, loadBoundRun } from "./bound-run.js";
import { checkCompliance } from "./check-compliance.js";
import { getEquityCurve } from "./get-equity-curve.js";
import { getPositions } from "./get-positions.js";
import { getRunOverview } from "./get-run-overview.js";
import { getSymbolBreakdown } from "./get-symbol-breakdown.js";
import { listTrades } from "./list-trades.js";
import { time } from "./output.js";
import { silentLogger, type Logger } from "../../logger.js";
import { ToolInputError, type Read, type RunTool } from "./tool.js";

export const runTools: readonly RunTool[] = [getRunOverview, listTrades, getPositions, getEquityCurve, getSymbolBreakdown, checkCompliance];

const byName = new Map(runTools.map((tool) => [tool.spec.name, tool]));

/**
 * The tools of a run conversation, bound when the reply starts to the conversation's run and
 * its owner: nothing a tool is given can name another run. Every read is a transaction as that
 * user, so row-level security applies on top of the queries' own run filter.
 */
export function runToolbox(prisma: PrismaClient, options: { now?: () => Date; logger?: Logger } = {}): ToolboxFactory {
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? silentLogger;
  return (conversation) => {
    if (!conversation.run) return null;
    const scope = { runId: conversation.run.id, userId: conversation.userId };
    return boundToolbox(prisma, { ...scope, log }, now);
  };
}

function boundToolbox(prisma: PrismaClient, scope: { runId: number; userId: string; log: Logger }, now: () => Date): Toolbox {
  const actor = { id: scope.userId, role: "user" as const };
  return {
    specs: runTools.map((tool) => tool.spec),
    async execute(call: ToolCall) {
      const tool = byName.get(call.name);
      if (!tool) return failure(`Unknown tool "${call.name}". Available tools: ${[...byName.keys()].join(", ")}`);
      const args = parseArguments(call.arguments);
      if (!args.ok) return failure(args.error);
      const prepared = tool.prepare(args.value);
      if (!prepared.ok) return failure(prepared.error);
      try {
        const read: Read = (query) => asUser(prisma, actor, query);
        const run = await read((tx) => loadBoundRun(tx, scope, now()));
        const [result, lastFillAt] = await Promise.all([prepared.work(read, run), read((tx) => lastFillTime(tx, run.id, run.asOf))]);
        // Fills keep arriving in a running run: every result says which moment it describes.
        const dataAsOf = { time: time(run.asOf), lastFillAt: lastFillAt && time(lastFillAt) };
        return { ok: true, result: JSON.stringify({ dataAsOf, ...(result as object) }) };
      } catch (error) {
        if (error instanceof ToolInputError) return failure(error.message);
        scope.log.error({ tool: call.name, runId: scope.runId, userId: scope.userId, err: error }, "tool failed");
        return failure(`${call.name} failed unexpectedly; answer without it or try again`);
      }
    },
  };
}

/** Models send JSON text; an empty string is how some send "no arguments". */
export function parseArguments(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `The arguments are not valid JSON (${(error as Error).message}): send a JSON object` };
  }
}

export function failure(message: string) {
  return { ok: false, result: JSON.stringify({ error: message }) };
}
