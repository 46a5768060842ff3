import type { SqlRunner } from "../sql-runner.js";
import { allowlist as projectAllowlist, type AllowedObject } from "./allowlist.js";
import { compareSchemas } from "./compare-tables.js";
import { describeObject, objectKey, type Comparison } from "./db-schema.js";
import { expectedSchema } from "./expected-schema.js";
import { introspectExtras } from "./introspect-extras.js";
import { introspectSchema } from "./introspect-tables.js";
import { defaultSchemaPath, loadDatamodel } from "./load-datamodel.js";

export interface DriftOptions {
  /** The schema of record; prisma/schema.prisma by default. */
  schemaPath?: string;
  /** Objects beyond schema.prisma that are there on purpose; drift/allowlist.ts by default. */
  allowlist?: readonly AllowedObject[];
}

/**
 * Compares the database behind `sql` with what schema.prisma implies (read by Prisma's own
 * parser) and lists every difference; an empty list means no drift. Changes nothing.
 */
export async function checkSchemaDrift(sql: SqlRunner, options: DriftOptions = {}): Promise<{ problems: string[] }> {
  const { problems, extras } = await compareWithSchema(sql, options.schemaPath);
  const allowlist = options.allowlist ?? projectAllowlist;
  const allowed = new Set(allowlist.map(objectKey));
  const present = new Set(extras.map(objectKey));
  const unexpected = extras
    .filter((ref) => !allowed.has(objectKey(ref)))
    .map((ref) => `${describeObject(ref)}: not in schema.prisma nor the drift allowlist`);
  // The migrations create every allowlisted object, so one that is gone is drift as well.
  const missing = allowlist
    .filter((ref) => !present.has(objectKey(ref)))
    .map((ref) => `${describeObject(ref)}: missing (it is on the drift allowlist)`);
  return { problems: [...problems, ...unexpected, ...missing] };
}

/** The differences before the allowlist is applied: `extras` holds everything beyond the schema. */
export async function compareWithSchema(sql: SqlRunner, schemaPath = defaultSchemaPath): Promise<Comparison> {
  const expected = expectedSchema(await loadDatamodel(schemaPath));
  const comparison = compareSchemas(expected, await introspectSchema(sql));
  comparison.extras.push(...(await introspectExtras(sql)));
  return comparison;
}
