import type { TradingModel } from "@parley/db";
import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import type { ModelConfigInput, ModelOutput } from "./schemas.js";

export function toModelOutput(model: TradingModel): ModelOutput {
  return {
    id: model.id,
    name: model.name,
    defaultAiModel: model.defaultAiModel,
    tradingMode: model.tradingMode,
    tradingStyle: model.tradingStyle,
    instrument: model.instrument,
    symbols: model.symbols,
    marginAccount: model.marginAccount,
    buyingPower: model.buyingPower.toNumber(),
    allowShorting: model.allowShorting,
    allowOptionsStrategies: model.allowOptionsStrategies,
    allowHedging: model.allowHedging,
    allowedOrderTypes: model.allowedOrderTypes,
    customRules: model.customRules,
    customInstructions: model.customInstructions,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    deletedAt: model.deletedAt?.toISOString() ?? null,
  };
}

/** The user's models, newest first; deleted ones only when asked (their conversations remain). */
export async function listModels(tx: Db, actor: Actor, includeDeleted: boolean) {
  const models = await tx.tradingModel.findMany({
    where: { userId: actor.id, ...(includeDeleted ? {} : { deletedAt: null }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return models.map(toModelOutput);
}

/** A model, deleted or not: a deleted model's conversations still show what it was. */
export async function getModel(tx: Db, actor: Actor, modelId: number) {
  const model = await tx.tradingModel.findFirst({ where: { id: modelId, userId: actor.id } });
  if (!model) throw notFound("Model");
  return toModelOutput(model);
}

export async function createModel(tx: Db, actor: Actor, config: ModelConfigInput) {
  const { symbols = [], customRules = null, customInstructions = null, ...required } = config;
  return toModelOutput(await tx.tradingModel.create({ data: { ...required, symbols, customRules, customInstructions, userId: actor.id } }));
}

export async function updateModel(tx: Db, actor: Actor, modelId: number, changes: Partial<ModelConfigInput>) {
  const { count } = await tx.tradingModel.updateMany({
    where: { id: modelId, userId: actor.id, deletedAt: null },
    data: changes,
  });
  if (count === 0) throw notFound("Model");
  return getModel(tx, actor, modelId);
}

/** Soft delete: the model disappears from lists; its runs and conversations stay readable. */
export async function softDeleteModel(tx: Db, actor: Actor, modelId: number) {
  const { count } = await tx.tradingModel.updateMany({
    where: { id: modelId, userId: actor.id, deletedAt: null },
    data: { deletedAt: new Date() },
  });
  if (count === 0) throw notFound("Model");
  return getModel(tx, actor, modelId);
}
