import type { SqlRunner } from "../sql-runner.js";
import type { ObjectKind, ObjectRef } from "./db-schema.js";
import { SCHEMA_OID, USER_TABLES } from "./catalog-scope.js";

// Objects no Prisma schema can describe. Every one the database holds is either on the
// allowlist or drift. Objects that belong to an extension are the extension's business.
const NOT_FROM_EXTENSION = (catalog: string, oid: string) => `NOT EXISTS (
  SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const EXTRAS = `
SELECT 'check constraint' AS kind, c.relname AS table_name, k.conname AS name
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE ${USER_TABLES} AND k.contype = 'c'
UNION ALL
SELECT 'exclusion constraint', c.relname, k.conname
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE ${USER_TABLES} AND k.contype = 'x'
UNION ALL
SELECT 'row level security', c.relname, 'enabled' FROM pg_class c WHERE ${USER_TABLES} AND c.relrowsecurity
UNION ALL
SELECT 'row level security', c.relname, 'forced' FROM pg_class c WHERE ${USER_TABLES} AND c.relforcerowsecurity
UNION ALL
SELECT 'policy', c.relname, p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE ${USER_TABLES}
UNION ALL
SELECT 'trigger', c.relname, t.tgname
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE ${USER_TABLES} AND NOT t.tgisinternal
UNION ALL
SELECT 'function', NULL, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_proc p WHERE p.pronamespace = ${SCHEMA_OID} AND ${NOT_FROM_EXTENSION("pg_proc", "p.oid")}
UNION ALL
SELECT 'view', NULL, c.relname FROM pg_class c
 WHERE c.relnamespace = ${SCHEMA_OID} AND c.relkind IN ('v', 'm') AND ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
UNION ALL
SELECT 'sequence', NULL, c.relname FROM pg_class c
 WHERE c.relnamespace = ${SCHEMA_OID} AND c.relkind = 'S' AND ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))`;

/** Checks, policies, triggers, functions and the like; sequences only when no column owns them. */
export async function introspectExtras(sql: SqlRunner): Promise<ObjectRef[]> {
  const rows = await sql.query<{ kind: ObjectKind; table_name: string | null; name: string }>(EXTRAS);
  return rows.map(({ kind, table_name: table, name }) => (table ? { kind, table, name } : { kind, name }));
}
