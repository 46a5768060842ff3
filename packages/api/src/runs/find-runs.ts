import { z } from "zod";
import type { Actor, Db } from "../db/as-user.js";
import { storableText } from "../storable-text.js";
import { runOutput } from "./queries.js";

export const findRunsInput = z.strictObject({
  /** Part of a run's label, any case; or "#123" for run 123. */
  query: storableText().trim().min(1, "Type part of a run's label").max(200, "A run search is at most 200 characters"),
  limit: z.number().int().min(1).max(20).default(8),
});

export const foundRunOutput = runOutput.pick({ id: true, modelId: true, label: true, kind: true, status: true, startedAt: true }).extend({
  modelName: z.string(),
});

interface FoundRunRow {
  id: number;
  model_id: number;
  label: string;
  kind: z.infer<typeof runOutput>["kind"];
  status: z.infer<typeof runOutput>["status"];
  started_at: Date;
  model_name: string;
}

/**
 * The signed-in user's runs whose label holds `query` (newest first), for jumping to a run by
 * name (the web app's Ctrl/Cmd+K). strpos rather than ILIKE: the text is the user's, and `%` or
 * `_` in it are characters to find, not wildcards. Runs of deleted models are left out.
 */
export async function findRuns(tx: Db, actor: Actor, input: z.infer<typeof findRunsInput>) {
  const byId = /^#(\d{1,9})$/.exec(input.query)?.[1];
  const rows = await tx.$queryRaw<FoundRunRow[]>`
    SELECT r.id, r.model_id, r.label, r.kind, r.status, r.started_at, m.name AS model_name
      FROM trading_runs r
      JOIN models m ON m.id = r.model_id AND m.user_id = r.user_id
     WHERE r.user_id = ${actor.id}::uuid AND m.deleted_at IS NULL
       AND (strpos(lower(r.label), lower(${input.query})) > 0 OR r.id = ${byId === undefined ? null : Number(byId)}::int)
     ORDER BY r.started_at DESC, r.id DESC
     LIMIT ${input.limit}`;
  return rows.map((row) => ({
    id: row.id,
    modelId: row.model_id,
    label: row.label,
    kind: row.kind,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    modelName: row.model_name,
  }));
}
