import { Prisma } from "@parley/db";
import { z } from "zod";

/**
 * The model configuration a conversation is about, as one configuration version: the run's own
 * version for a run conversation (what its trades were made under), the model's latest for a
 * model conversation, none for a general one. Exports carry it; share links only when the owner
 * ticks it.
 */
export const modelSettingsRecord = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647),
  /** The version's fields, as models.get returns them (name included), without ids or times. */
  config: z.record(z.string(), z.unknown()),
});
export type ModelSettings = z.infer<typeof modelSettingsRecord>;

/** SQL (jsonb or NULL) for the settings of the conversation row aliased `session`. */
export function modelSettingsOf(session: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT jsonb_build_object('version', v.version, 'config', v.config)
      FROM model_versions v
     WHERE v.model_id = ${session}.model_id
       AND v.version <= COALESCE((SELECT r.model_version FROM trading_runs r WHERE r.id = ${session}.run_id), 2147483647)
     ORDER BY v.version DESC LIMIT 1)`;
}
