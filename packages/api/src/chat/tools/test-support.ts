import type { PrismaClient } from "@parley/db";
import { createModel, createRun, createUser, insertFills, insertMarks } from "@parley/db/testing";
import type { Fill, PriceMark } from "@parley/trading";
import type { Toolbox } from "../engine/toolbox.js";
import type { LoadedConversation } from "../prompt/load-conversation.js";
import { runToolbox } from "./run-toolbox.js";

/** What loadConversation would give a reply in the run's conversation; the toolbox reads only the ids. */
export function runConversation(userId: string, runId: number): LoadedConversation {
  return {
    sessionId: 0,
    userId,
    model: null,
    versions: null,
    run: {
      id: runId,
      status: "completed",
      startedAt: new Date(0),
      endedAt: null,
      startingCapital: 0,
      fills: 0,
      symbols: 0,
      realizedPnl: 0,
      fees: 0,
      figures: null,
      toldBefore: null,
    },
    summary: null,
    history: [],
  };
}

export interface StoredRun {
  userId: string;
  modelId: number;
  runId: number;
  toolbox: Toolbox;
}

/** A user with a model and a run holding these fills and marks, and the toolbox of its conversation. */
export async function storeRun(
  prisma: PrismaClient,
  run: { startedAt: Date; endedAt: Date | null; startingCapital: number; fills: readonly Fill[]; marks: readonly PriceMark[] },
  now?: () => Date,
): Promise<StoredRun> {
  const user = await createUser(prisma);
  const model = await createModel(prisma, user.id);
  const { id: runId } = await createRun(prisma, model, {
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    status: run.endedAt ? "completed" : "running",
    startingCapital: run.startingCapital,
  });
  await insertFills(prisma, runId, run.fills);
  await insertMarks(prisma, runId, run.marks);
  const toolbox = runToolbox(prisma, now ? { now } : {})(runConversation(user.id, runId));
  if (!toolbox) throw new Error("a run conversation always has a toolbox");
  return { userId: user.id, modelId: model.id, runId, toolbox };
}

let calls = 0;

/** Calls a tool as the model would, and returns its parsed result; fails the test on a tool error. */
export async function callTool<T = Record<string, unknown>>(toolbox: Toolbox, name: string, args: object = {}): Promise<T> {
  const outcome = await toolbox.execute({ id: `call_${++calls}`, name, arguments: JSON.stringify(args) });
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.result}`);
  return JSON.parse(outcome.result) as T;
}

/**
 * Sets the configuration a stored run ran with: the model's row and every version of it (the
 * run's recorded version among them), since check_compliance judges by the run's version.
 */
export async function setRunConfiguration(prisma: PrismaClient, modelId: number, config: Record<string, unknown>): Promise<void> {
  await prisma.tradingModel.update({ where: { id: modelId }, data: config });
  for (const version of await prisma.modelVersion.findMany({ where: { modelId } })) {
    const merged = { ...(version.config as Record<string, unknown>), ...config };
    await prisma.modelVersion.update({
      where: { modelId_version: { modelId, version: version.version } },
      data: { config: merged as never },
    });
  }
}
