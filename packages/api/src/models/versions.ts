import { z } from "zod";
import type { Actor, Db } from "../db/as-user.js";
import { notFound } from "../errors.js";
import { describeChanges, diffConfigs, type VersionConfig } from "./config-diff.js";

export const configChangeOutput = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() });

export const modelVersionOutput = z.object({
  modelId: z.number().int(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  /** Who made it: the user's name, or null for the system (the migration, the seed). */
  createdBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  config: z.record(z.string(), z.unknown()),
  /** Against the previous version; empty for version 1. */
  changes: z.array(configChangeOutput),
  summary: z.string(),
});
export type ModelVersionOutput = z.infer<typeof modelVersionOutput>;

interface VersionRow {
  model_id: number;
  version: number;
  created_at: Date;
  config: Partial<VersionConfig>;
  created_by: string | null;
  created_by_name: string | null;
}

/** Versions of a model with each one's changes against the one before, oldest first. */
export async function queryVersions(tx: Db, modelId: number, afterVersion = 0) {
  const rows = await tx.$queryRaw<VersionRow[]>`
    SELECT v.model_id, v.version, v.created_at, v.config, v.created_by, u.display_name AS created_by_name
      FROM model_versions v LEFT JOIN users u ON u.id = v.created_by
     WHERE v.model_id = ${modelId} AND v.version >= ${Math.max(afterVersion, 1)}
     ORDER BY v.version`;
  return rows.flatMap((row, index): ModelVersionOutput[] => {
    if (row.version <= afterVersion && afterVersion > 0) return [];
    const previous = index > 0 ? (rows[index - 1]?.config ?? null) : null;
    const changes = diffConfigs(previous, row.config);
    return [
      {
        modelId: row.model_id,
        version: row.version,
        createdAt: row.created_at.toISOString(),
        createdBy: row.created_by && row.created_by_name ? { id: row.created_by, displayName: row.created_by_name } : null,
        config: row.config,
        changes,
        summary: row.version === 1 ? "first version" : describeChanges(changes),
      },
    ];
  });
}

/** The model's history, newest first; the model must be the user's (deleted or not). */
export async function listVersions(tx: Db, actor: Actor, modelId: number) {
  const model = await tx.tradingModel.findFirst({ where: { id: modelId, userId: actor.id }, select: { id: true } });
  if (!model) throw notFound("Model");
  return (await queryVersions(tx, modelId)).reverse();
}
